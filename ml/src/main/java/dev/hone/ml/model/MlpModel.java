package dev.hone.ml.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.hone.vocabulary.Activation;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained MLP for inference. Thread-safe: each call works in its own NDManager and only reads
 * the shared parameters; dropout is off.
 */
public final class MlpModel implements AutoCloseable {

    private final Model model;
    private final Block block;
    private final int inputSize;
    private final int outputSize;
    private final boolean classifier;
    private final Activation activation;

    private MlpModel(Model model, Block block, int inputSize, int outputSize, boolean classifier,
            Activation activation) {
        this.model = model;
        this.block = block;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.classifier = classifier;
        this.activation = activation;
    }

    /**
     * Loads parameters saved by {@link MlpTrainer}.
     *
     * @param cfg the config it was trained with (only the layer widths and activation matter)
     * @param classifier whether outputs are class logits (turned into probabilities)
     * @throws IllegalArgumentException if the parameters do not fit the described network
     */
    public static MlpModel load(
            byte[] parameters, int inputSize, int outputSize, MlpConfig cfg, boolean classifier) {
        Block block = MlpBlocks.build(outputSize, cfg);
        Model model = Model.newInstance("mlp", Device.cpu(), MlpBlocks.ENGINE);
        try {
            model.setBlock(block);
            block.loadParameters(
                    model.getNDManager(),
                    new DataInputStream(new ByteArrayInputStream(parameters)));
            MlpModel loaded = new MlpModel(model, block, inputSize, outputSize, classifier, cfg.activation());
            loaded.checkShape();
            return loaded;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException(
                    "Parameters do not match an MLP with " + inputSize + " inputs, hidden layers "
                            + cfg.hiddenLayers() + " and " + outputSize + " outputs", e);
        }
    }

    public static MlpModel loadClassifier(byte[] parameters, int inputSize, int classes, MlpConfig cfg) {
        return load(parameters, inputSize, classes, cfg, true);
    }

    public static MlpModel loadRegressor(byte[] parameters, int inputSize, MlpConfig cfg) {
        return load(parameters, inputSize, 1, cfg, false);
    }

    /** Runs one dummy row, so a mismatch shows at load time rather than at the first request. */
    private void checkShape() {
        float[][] out = predictRaw(new float[1][inputSize]);
        if (out[0].length != outputSize) {
            throw new IllegalArgumentException(
                    "Network has " + out[0].length + " outputs, expected " + outputSize);
        }
    }

    /**
     * Class probabilities (softmax of the logits) for a classifier; for a regressor the
     * standardized prediction in column 0.
     */
    public float[][] predictRaw(float[][] x) {
        if (x.length == 0) {
            return new float[0][];
        }
        float[] flat = new float[x.length * inputSize];
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != inputSize) {
                throw new IllegalArgumentException(
                        "Row " + r + " has " + x[r].length + " features; the model takes " + inputSize);
            }
            System.arraycopy(x[r], 0, flat, r * inputSize, inputSize);
        }
        float[] result;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(flat, new Shape(x.length, inputSize));
            NDArray output = block.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();
            if (classifier) {
                output = output.softmax(1);
            }
            result = output.toFloatArray();
        }
        int width = result.length / x.length;
        float[][] out = new float[x.length][width];
        for (int r = 0; r < x.length; r++) {
            System.arraycopy(result, r * width, out[r], 0, width);
        }
        return out;
    }

    /** The network's weights and biases as plain arrays (a copy: changing it does not change this model). */
    public DenseNetwork dense() {
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            if (child.getValue() instanceof Linear linear) {
                NDArray w = linear.getParameters().get("weight").getArray();
                NDArray b = linear.getParameters().get("bias").getArray();
                long[] shape = w.getShape().getShape(); // (outputs, inputs)
                layers.add(new DenseNetwork.Layer((int) shape[1], (int) shape[0], w.toFloatArray(), b.toFloatArray()));
            }
        }
        return new DenseNetwork(layers, activation, classifier);
    }

    /**
     * The parameters of a network in the format {@link MlpTrainer} saves and {@link #load} reads, for a
     * config whose hidden layers are the network's (use {@link MlpConfig#withHiddenLayers}).
     *
     * @throws IllegalArgumentException when the config's hidden layers or activation are not the network's
     */
    public static byte[] parameters(DenseNetwork network, MlpConfig cfg) {
        if (!cfg.hiddenLayers().equals(network.hiddenLayers()) || cfg.activation() != network.activation()) {
            throw new IllegalArgumentException("the config describes hidden layers " + cfg.hiddenLayers() + " with "
                    + cfg.activation() + ", the network has " + network.hiddenLayers() + " with "
                    + network.activation());
        }
        Block block = MlpBlocks.build(network.outputSize(), cfg);
        try (Model model = Model.newInstance("mlp", Device.cpu(), MlpBlocks.ENGINE)) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, network.inputSize()));
            MlpBlocks.setParameters(block, network);
            return MlpTrainer.saveParameters(block);
        }
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    public boolean classifier() {
        return classifier;
    }

    @Override
    public void close() {
        model.close();
    }
}
