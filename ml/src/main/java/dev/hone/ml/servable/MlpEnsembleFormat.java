package dev.hone.ml.servable;

import dev.hone.ml.compress.FloatNetwork;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.model.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link ModelKind#MLP_ENSEMBLE}: networks of one architecture (the same settings, different seeds) whose
 * outputs are averaged: class probabilities, or standardized regression values. The descriptor is a
 * {@link ModelDescriptor} as a float MLP's, its config's {@code ensembleSize} the number of networks and its
 * seed the first network's (network {@code i} was seeded {@code seed + i}); the content is that count as a
 * big-endian int, then each network's parameters in DJL's block format, each after its length as an int.
 */
public final class MlpEnsembleFormat implements ModelFormat {

    static final String MEDIA_TYPE = "application/x-hone-mlp-ensemble";

    MlpEnsembleFormat() {
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /**
     * The stored form of networks trained with the same settings but their seeds: the first one's result
     * describes them all.
     */
    public static ServableArtifact write(List<TrainingResult> networks, boolean classifier) {
        if (networks.size() < 2) {
            throw new IllegalArgumentException("An ensemble needs at least two networks, was " + networks.size());
        }
        TrainingResult first = networks.getFirst();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(networks.size());
            for (TrainingResult n : networks) {
                if (n.inputSize() != first.inputSize() || n.outputSize() != first.outputSize()
                        || !n.config().hiddenLayers().equals(first.config().hiddenLayers())) {
                    throw new IllegalArgumentException("An ensemble's networks must share one architecture");
                }
                out.writeInt(n.parameters().length);
                out.write(n.parameters());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelDescriptor d = ModelDescriptor.of(first, classifier);
        ModelDescriptor described = new ModelDescriptor(d.config().withEnsembleSize(networks.size()), d.inputSize(),
                d.outputSize(), classifier);
        return new ServableArtifact(ModelKind.MLP_ENSEMBLE, FloatMlpFormat.json(described), bytes.toByteArray());
    }

    @Override
    public ServableModel read(String descriptor, byte[] content) {
        ModelDescriptor d = FloatMlpFormat.descriptor(descriptor);
        int size = d.config().ensembleSize();
        if (size < 2) {
            throw new IllegalArgumentException("its descriptor's ensembleSize is " + size + "; an ensemble has at "
                    + "least two networks");
        }
        List<FloatNetwork> networks = new ArrayList<>();
        try {
            ByteBuffer in = ByteBuffer.wrap(content);
            int count = in.getInt();
            if (count != size) {
                throw new IllegalArgumentException("its artifact holds " + count + " networks, its descriptor says "
                        + size);
            }
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException("its network " + (i + 1) + " of " + count + " claims " + length
                            + " bytes, " + in.remaining() + " remain (truncated)");
                }
                byte[] parameters = new byte[length];
                in.get(parameters);
                networks.add(FloatNetwork.of(FloatMlpFormat.dense(d, parameters)));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("its artifact has " + in.remaining() + " bytes after its last "
                        + "network");
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("its artifact ends inside its header (truncated)", e);
        }
        return new Ensemble(List.copyOf(networks));
    }

    /**
     * The mean of networks' outputs (class probabilities, or standardized regression values), summed in network
     * order: how every ensemble kind, and compression's teacher, averages.
     */
    public static <T> float[][] mean(List<T> networks, Function<T, float[][]> predict) {
        float[][] sum = predict.apply(networks.getFirst());
        for (int n = 1; n < networks.size(); n++) {
            float[][] out = predict.apply(networks.get(n));
            for (int r = 0; r < out.length; r++) {
                for (int c = 0; c < out[r].length; c++) {
                    sum[r][c] += out[r][c];
                }
            }
        }
        float count = networks.size();
        for (float[] row : sum) {
            for (int c = 0; c < row.length; c++) {
                row[c] /= count;
            }
        }
        return sum;
    }

    /** The mean of the networks' outputs, each network served as {@link FloatMlpFormat} serves one. */
    record Ensemble(List<FloatNetwork> networks) implements ServableModel {

        @Override
        public ModelKind kind() {
            return ModelKind.MLP_ENSEMBLE;
        }

        @Override
        public int inputSize() {
            return networks.getFirst().inputSize();
        }

        @Override
        public int outputSize() {
            return networks.getFirst().outputSize();
        }

        @Override
        public boolean classifier() {
            return networks.getFirst().classifier();
        }

        @Override
        public float[][] predict(float[][] features) {
            return mean(networks, n -> n.predict(features));
        }

        @Override
        public void close() {
        }
    }
}
