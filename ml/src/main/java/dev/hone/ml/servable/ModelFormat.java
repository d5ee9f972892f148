package dev.hone.ml.servable;

/**
 * How one {@link ModelKind} is stored: its descriptor (small JSON kept with the model version) and
 * its content (the artifact bytes). One implementation per kind; {@link ServableModels} is the only
 * caller, so that every reader of models (evaluation, serving) gets the same checks and errors.
 */
public interface ModelFormat {

    /** Media type of the content, recorded by the artifact store. */
    String mediaType();

    /**
     * Reads a model of this kind. The caller closes it.
     *
     * @throws IllegalArgumentException naming what is wrong when the descriptor or content is not a
     *     model of this kind (malformed, truncated, or of another shape than the descriptor says)
     */
    ServableModel read(String descriptor, byte[] content);
}
