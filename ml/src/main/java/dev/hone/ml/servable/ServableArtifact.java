package dev.hone.ml.servable;

/**
 * A model in its stored form: what a producer (training, later compression) writes and what
 * {@link ServableModels#load} reads back.
 *
 * @param kind the model kind, which decides the format of the other two
 * @param descriptor the kind's descriptor, JSON: small, stored with the model version
 *     ({@code model_version.parameters_json})
 * @param content the kind's artifact bytes, stored in the artifact store
 *     ({@code model_version.weights_sha})
 */
public record ServableArtifact(ModelKind kind, String descriptor, byte[] content) {

    public ServableArtifact {
        if (kind == null || descriptor == null || content == null) {
            throw new IllegalArgumentException("A servable artifact needs its kind, descriptor and content");
        }
    }
}
