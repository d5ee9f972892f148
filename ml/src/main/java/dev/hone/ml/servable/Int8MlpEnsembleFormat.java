package dev.hone.ml.servable;

import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.model.ModelDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ModelKind#INT8_MLP_ENSEMBLE}: an {@link ModelKind#MLP_ENSEMBLE}'s networks, each quantized to int8,
 * their outputs averaged as the float ensemble's are. The descriptor is the float ensemble's (its config's
 * {@code ensembleSize} the number of networks); the content is that count as a big-endian int, then each
 * network's {@link Int8Network} artifact after its length as an int.
 */
public final class Int8MlpEnsembleFormat implements ModelFormat {

    static final String MEDIA_TYPE = "application/x-hone-int8-mlp-ensemble";

    Int8MlpEnsembleFormat() {
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /** The stored form of an ensemble's networks in int8; {@code parent} describes the float ensemble. */
    public static ServableArtifact write(List<Int8Network> networks, ModelDescriptor parent) {
        check(parent, networks);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(networks.size());
            for (Int8Network n : networks) {
                byte[] content = n.write();
                out.writeInt(content.length);
                out.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServableArtifact(ModelKind.INT8_MLP_ENSEMBLE, FloatMlpFormat.json(parent), bytes.toByteArray());
    }

    @Override
    public ServableModel read(String descriptor, byte[] content) {
        ModelDescriptor d = FloatMlpFormat.descriptor(descriptor);
        List<Int8Network> networks = new ArrayList<>();
        try {
            ByteBuffer in = ByteBuffer.wrap(content);
            int count = in.getInt();
            if (count != d.config().ensembleSize()) {
                throw new IllegalArgumentException("its artifact holds " + count + " networks, its descriptor says "
                        + d.config().ensembleSize());
            }
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException("its network " + (i + 1) + " of " + count + " claims " + length
                            + " bytes, " + in.remaining() + " remain (truncated)");
                }
                networks.add(Int8Network.read(Arrays.copyOfRange(content, in.position(), in.position() + length)));
                in.position(in.position() + length);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("its artifact has " + in.remaining() + " bytes after its last "
                        + "network");
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("its artifact ends inside its header (truncated)", e);
        }
        check(d, networks);
        return new Model(List.copyOf(networks), new AtomicBoolean());
    }

    private static void check(ModelDescriptor d, List<Int8Network> networks) {
        if (networks.size() < 2 || networks.size() != d.config().ensembleSize()) {
            throw new IllegalArgumentException("an int8 ensemble has at least two networks and as many as its "
                    + "descriptor's ensembleSize (" + d.config().ensembleSize() + "), had " + networks.size());
        }
        for (Int8Network n : networks) {
            Int8MlpFormat.check(d, n);
        }
    }

    /** The mean of the int8 networks' outputs. */
    record Model(List<Int8Network> networks, AtomicBoolean closed) implements ServableModel {

        @Override
        public ModelKind kind() {
            return ModelKind.INT8_MLP_ENSEMBLE;
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
            if (closed.get()) {
                throw new IllegalStateException("The int8 ensemble was closed");
            }
            return MlpEnsembleFormat.mean(networks, n -> n.predict(features));
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
