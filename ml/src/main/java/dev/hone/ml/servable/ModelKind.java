package dev.hone.ml.servable;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of servable model, each with its own artifact format. A model version records its kind
 * ({@code model_version.kind}, by name), and {@link ServableModels#load} reads the version's
 * descriptor and content with that kind's {@link ModelFormat}.
 *
 * <p>Adding a kind (int8, pruned, distilled, ...) is a constant here with its format, plus its case
 * in the API's description of kinds (a switch the compiler checks) and in the conformance test's
 * fixtures (likewise). Nothing else reads models, so no other layer changes.
 */
public enum ModelKind {

    /** A multilayer perceptron with float32 weights, as training produces it. */
    FLOAT_MLP("A multilayer perceptron with float32 weights, as training produces it", new FloatMlpFormat()),

    /** Float MLPs of one architecture and their seeds, outputs averaged: training with {@code ensembleSize} > 1. */
    MLP_ENSEMBLE("Float32 multilayer perceptrons of one architecture trained with different seeds, their outputs "
            + "averaged, as training with ensembleSize above 1 produces it", new MlpEnsembleFormat()),

    /** A float MLP after post-training int8 quantization, computed in plain Java: compression produces it. */
    INT8_MLP("A multilayer perceptron quantized to int8 weights with a scale per unit, computed in plain Java with "
            + "the Vector API, as compression produces it", new Int8MlpFormat()),

    /** An {@link #MLP_ENSEMBLE}'s networks each quantized to int8, outputs averaged: compression produces it. */
    INT8_MLP_ENSEMBLE("Multilayer perceptrons of one architecture quantized to int8 weights, their outputs averaged, "
            + "computed in plain Java, as compression of an ensemble produces it", new Int8MlpEnsembleFormat());

    private final String description;
    private final ModelFormat format;

    ModelKind(String description, ModelFormat format) {
        this.description = description;
        this.format = format;
    }

    /** What the kind is, in a sentence. */
    public String description() {
        return description;
    }

    /** Media type of the kind's artifact content, for the artifact store. */
    public String mediaType() {
        return format.mediaType();
    }

    /** How models of this kind are stored: read only through {@link ServableModels#load}. */
    ModelFormat format() {
        return format;
    }

    /**
     * The kind a model version records. A name this build does not know (a version registered by a
     * newer release, a damaged row) is refused with the kinds it does know.
     *
     * @throws ServableArtifactException for an unknown or missing name
     */
    public static ModelKind parse(String name) {
        if (name != null) {
            for (ModelKind kind : values()) {
                if (kind.name().equals(name)) {
                    return kind;
                }
            }
        }
        throw new ServableArtifactException("Unknown model kind '" + name + "': this release serves "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
