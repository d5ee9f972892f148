package dev.hone.ml.servable;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.compress.FloatNetwork;
import dev.hone.ml.compress.Int8Network;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one loader of stored models, used by evaluation (activities) and by serving alike, so that
 * both read every kind the same way and refuse a bad artifact with the same message.
 *
 * <p>It reads from bytes, not from the registry: {@code ml} may not depend on the model registry,
 * and the two callers may not depend on each other (activities depends on workflows, ml and
 * model-registry; serving on ml and model-registry; ARCHITECTURE.md section 3). Each caller's
 * registry side is therefore one line that reads the content from the artifact store and passes it
 * here with the version's kind and descriptor.
 *
 * <p>Every model it returns is guarded: {@link ServableModel#close} waits for predictions in flight
 * and later predictions fail with an {@link IllegalStateException}, so a model closed too early
 * gives a clear error instead of using freed native memory.
 */
public final class ServableModels {

    private ServableModels() {
    }

    /** Loads a stored model; the caller closes it. */
    public static ServableModel load(ServableArtifact artifact) {
        return load(artifact.kind(), artifact.descriptor(), artifact.content());
    }

    /**
     * Loads a stored model of the given kind; the caller closes it.
     *
     * @throws ServableArtifactException naming the kind and the problem when the descriptor or
     *     content is missing, malformed, or not a model of that kind
     */
    public static ServableModel load(ModelKind kind, String descriptor, byte[] content) {
        if (kind == null) {
            throw new ServableArtifactException("A stored model needs its kind to be loaded");
        }
        if (descriptor == null || descriptor.isBlank()) {
            throw new ServableArtifactException("The " + kind + " model has no descriptor");
        }
        if (content == null || content.length == 0) {
            throw new ServableArtifactException("The " + kind + " model's artifact is empty");
        }
        ServableModel model;
        try {
            model = kind.format().read(descriptor, content);
        } catch (ServableArtifactException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ServableArtifactException("Cannot load the " + kind + " model: " + e.getMessage(), e);
        }
        if (model.kind() != kind) {
            model.close();
            throw new IllegalStateException("The " + kind + " format read a " + model.kind() + " model");
        }
        return new Guarded(model);
    }

    /**
     * The networks of a stored float model as plain arrays: its one network ({@link ModelKind#FLOAT_MLP}) or
     * each of an ensemble's ({@link ModelKind#MLP_ENSEMBLE}). What compression starts from.
     *
     * @throws ServableArtifactException when the artifact is of another kind or cannot be read
     */
    public static List<DenseNetwork> networks(ServableArtifact artifact) {
        if (artifact.kind() != ModelKind.FLOAT_MLP && artifact.kind() != ModelKind.MLP_ENSEMBLE) {
            throw new ServableArtifactException("A " + artifact.kind() + " model is not a float network; only "
                    + ModelKind.FLOAT_MLP + " and " + ModelKind.MLP_ENSEMBLE + " models can be compressed");
        }
        try (ServableModel model = load(artifact)) {
            return switch (((Guarded) model).model) {
                case FloatMlpFormat.Model m -> List.of(m.network().network());
                case MlpEnsembleFormat.Ensemble e -> e.networks().stream().map(FloatNetwork::network).toList();
                default -> throw new IllegalStateException("The " + artifact.kind() + " format read another model");
            };
        }
    }

    /**
     * The networks a loaded model of any kind computes, as plain float arrays: its one network, an ensemble's
     * members, an int8 network's exact float form (its int8 weights times their scales, which is what its
     * float-input kernel multiplies). The model's prediction is their mean. What the gradient methods of the
     * validation stage differentiate.
     */
    public static List<DenseNetwork> networksOf(ServableModel model) {
        ServableModel inner = model instanceof Guarded g ? g.model : model;
        return switch (inner) {
            case FloatMlpFormat.Model m -> List.of(m.network().network());
            case MlpEnsembleFormat.Ensemble e -> e.networks().stream().map(FloatNetwork::network).toList();
            case Int8MlpFormat.Model m -> List.of(m.network().dequantized());
            case Int8MlpEnsembleFormat.Model e -> e.networks().stream().map(Int8Network::dequantized).toList();
            default -> throw new IllegalStateException("A " + model.kind() + " model has no networks to differentiate");
        };
    }

    /** Closes after predictions in flight, refuses predictions after closing. */
    private static final class Guarded implements ServableModel {
        private final ServableModel model;
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private boolean closed;

        Guarded(ServableModel model) {
            this.model = model;
        }

        @Override
        public ModelKind kind() {
            return model.kind();
        }

        @Override
        public int inputSize() {
            return model.inputSize();
        }

        @Override
        public int outputSize() {
            return model.outputSize();
        }

        @Override
        public boolean classifier() {
            return model.classifier();
        }

        @Override
        public float[][] predict(float[][] features) {
            if (features == null) {
                throw new IllegalArgumentException("Give the rows to predict");
            }
            lock.readLock().lock();
            try {
                if (closed) {
                    throw new IllegalStateException("This " + model.kind() + " model was closed and cannot predict");
                }
                return model.predict(features);
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public void close() {
            lock.writeLock().lock();
            try {
                if (!closed) {
                    closed = true;
                    model.close();
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }
}
