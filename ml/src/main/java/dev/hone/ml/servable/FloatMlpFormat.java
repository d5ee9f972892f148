package dev.hone.ml.servable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.compress.FloatNetwork;
import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.model.TrainingResult;
import java.io.EOFException;

/**
 * {@link ModelKind#FLOAT_MLP}: the descriptor is a {@link ModelDescriptor} as JSON (the training
 * config and the layer sizes), the content the network's parameters in DJL's block format, as
 * {@link dev.hone.ml.model.MlpTrainer} saves them. Versions registered before model kinds existed
 * are stored exactly so.
 *
 * <p>Read through DJL once, then served by {@link FloatNetwork}, in plain Java with the Vector API: the
 * engine's call costs 10-16 us whatever the network, the Java forward of a tabular network 0.2-7 us, and a
 * network of a million weights about the engine's time (docs/benchmarks.md, "The forward pass").
 */
public final class FloatMlpFormat implements ModelFormat {

    static final String MEDIA_TYPE = "application/x-djl-params";

    FloatMlpFormat() {
    }

    // Tolerant of fields it does not know, as the registry's own JSON is: a descriptor written by a
    // later release with an added field still loads.
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /** The stored form of a trained network: what the training stage registers. */
    public static ServableArtifact write(TrainingResult result, boolean classifier) {
        return new ServableArtifact(ModelKind.FLOAT_MLP, json(ModelDescriptor.of(result, classifier)),
                result.parameters());
    }

    @Override
    public ServableModel read(String descriptor, byte[] content) {
        return new Model(FloatNetwork.of(dense(descriptor(descriptor), content)));
    }

    /** A float MLP's descriptor, checked to describe a network. */
    public static ModelDescriptor descriptor(String descriptor) {
        ModelDescriptor d;
        try {
            d = JSON.readValue(descriptor, ModelDescriptor.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("its descriptor is not a float MLP descriptor (" + e.getOriginalMessage()
                    + ")", e);
        }
        MlpConfig config = d.config();
        if (config == null || config.hiddenLayers() == null || config.activation() == null) {
            throw new IllegalArgumentException(
                    "its descriptor names no network (config, hiddenLayers and activation)");
        }
        if (d.inputSize() < 1 || d.outputSize() < 1
                || config.hiddenLayers().stream().anyMatch(w -> w == null || w < 1)) {
            throw new IllegalArgumentException("its descriptor has a layer without units: " + d.inputSize()
                    + " inputs, hidden layers " + config.hiddenLayers() + ", " + d.outputSize() + " outputs");
        }
        return d;
    }

    /** The network a descriptor describes, from its parameters (read through DJL, whose model is closed again). */
    static DenseNetwork dense(ModelDescriptor d, byte[] content) {
        try (MlpModel model = network(d, content)) {
            return model.dense();
        }
    }

    /** The network a descriptor describes, from its parameters; the caller closes it. */
    private static MlpModel network(ModelDescriptor d, byte[] content) {
        long parameters = parameterCount(d);
        if (content.length < 4 * parameters) {
            throw new IllegalArgumentException("its artifact has " + content.length + " bytes, fewer than the "
                    + parameters + " float parameters of the network its descriptor describes (truncated, or of "
                    + "another network)");
        }
        try {
            return d.load(content);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + reason(e.getCause()), e);
        }
    }

    static String json(ModelDescriptor d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the model descriptor", e);
        }
    }

    /** Why DJL could not read the parameters, in one line. */
    private static String reason(Throwable cause) {
        if (cause instanceof EOFException) {
            return "the artifact ends before the network's last parameter (truncated, or of a smaller network)";
        }
        if (cause == null || cause.getMessage() == null) {
            return "the artifact is not this network's parameters";
        }
        return cause.getMessage().lines().findFirst().orElse("").strip();
    }

    /** Weights and biases of every layer of the network a descriptor describes. */
    public static long parameterCount(ModelDescriptor d) {
        long count = 0;
        long previous = d.inputSize();
        for (int width : d.config().hiddenLayers()) {
            count += previous * width + width;
            previous = width;
        }
        return count + previous * d.outputSize() + d.outputSize();
    }

    /** The network as a servable model: nothing to free, so closing is the guard's alone. */
    record Model(FloatNetwork network) implements ServableModel {

        @Override
        public ModelKind kind() {
            return ModelKind.FLOAT_MLP;
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
            return network.predict(features);
        }

        @Override
        public void close() {
        }
    }
}
