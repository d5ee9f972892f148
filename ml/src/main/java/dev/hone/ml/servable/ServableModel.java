package dev.hone.ml.servable;

/**
 * A model that answers predictions, whatever its kind. Evaluation and serving both hold models
 * through this interface, loaded by {@link ServableModels#load}.
 *
 * <p>Contract for every kind:
 * <ul>
 *   <li>{@link #predict} is safe to call from many threads at once on one instance, and gives the
 *       same answer for a row whether the row comes alone or in a batch (within the kind's stated
 *       tolerance, see the conformance test).</li>
 *   <li>{@link #close} frees the model's memory (native memory for engine-backed kinds). A closed
 *       model refuses to predict with an {@link IllegalStateException}; it never touches freed
 *       memory. Whoever shares a model among callers must not close it while one of them may still
 *       predict: the serving cache hands out leases for that.</li>
 * </ul>
 */
public interface ServableModel extends AutoCloseable {

    /** The kind of model: which artifact format it was read from. */
    ModelKind kind();

    /** Features per input row, after the stored transform. */
    int inputSize();

    /** Outputs per row: the number of classes, or 1 for a regressor. */
    int outputSize();

    /** Whether outputs are class probabilities (else one standardized regression value). */
    boolean classifier();

    /**
     * Predicts a batch of transformed rows: class probabilities in label order for a classifier,
     * the standardized prediction in column 0 for a regressor.
     *
     * @throws IllegalArgumentException when a row does not have {@link #inputSize()} features
     * @throws IllegalStateException when the model was closed
     */
    float[][] predict(float[][] features);

    /** Frees the model. Idempotent. */
    @Override
    void close();
}
