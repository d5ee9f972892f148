package dev.hone.ml.servable;

import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.model.ModelDescriptor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ModelKind#INT8_MLP}: the descriptor is the float parent's {@link ModelDescriptor} as JSON (its
 * training config, layer sizes and task), the content an {@link Int8Network} artifact (int8 weights
 * with per-unit scales, calibrated input ranges, float biases). Predictions run in plain Java with the
 * Vector API, not in the engine.
 */
public final class Int8MlpFormat implements ModelFormat {

    static final String MEDIA_TYPE = "application/x-hone-int8-mlp";

    Int8MlpFormat() {
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /** The stored form of a quantized network; {@code parent} describes the float network it was quantized from. */
    public static ServableArtifact write(Int8Network network, ModelDescriptor parent) {
        check(parent, network);
        return new ServableArtifact(ModelKind.INT8_MLP, FloatMlpFormat.json(parent), network.write());
    }

    @Override
    public ServableModel read(String descriptor, byte[] content) {
        ModelDescriptor d = FloatMlpFormat.descriptor(descriptor);
        Int8Network network = Int8Network.read(content);
        check(d, network);
        return new Model(network, new AtomicBoolean());
    }

    static void check(ModelDescriptor d, Int8Network network) {
        if (network.inputSize() != d.inputSize() || network.outputSize() != d.outputSize()
                || network.classifier() != d.classifier() || network.activation() != d.config().activation()
                || !network.hiddenLayers().equals(d.config().hiddenLayers())) {
            throw new IllegalArgumentException("its artifact is an int8 network of " + network.inputSize()
                    + " inputs, hidden layers " + network.hiddenLayers() + " (" + network.activation() + ") and "
                    + network.outputSize() + " outputs, its descriptor describes " + d.inputSize() + ", "
                    + d.config().hiddenLayers() + " (" + d.config().activation() + ") and " + d.outputSize());
        }
    }

    record Model(Int8Network network, AtomicBoolean closed) implements ServableModel {

        @Override
        public ModelKind kind() {
            return ModelKind.INT8_MLP;
        }

        @Override
        public int inputSize() {
            return network.inputSize();
        }

        @Override
        public int outputSize() {
            return network.outputSize();
        }

        @Override
        public boolean classifier() {
            return network.classifier();
        }

        @Override
        public float[][] predict(float[][] features) {
            if (closed.get()) {
                throw new IllegalStateException("The int8 model was closed");
            }
            return network.predict(features);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
