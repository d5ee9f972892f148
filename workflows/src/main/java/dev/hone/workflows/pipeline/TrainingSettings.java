package dev.hone.workflows.pipeline;

import java.util.List;

/**
 * Optional training settings of a run. Any null field takes the trainer's default.
 *
 * @param hiddenLayers widths of the hidden layers, e.g. [64, 64]
 * @param activation RELU, TANH, SIGMOID or GELU
 * @param dropout dropout probability after each hidden layer
 * @param weightDecay L2 weight decay
 * @param learningRate learning rate
 * @param optimizer ADAM, SGD (momentum 0.9), RMSPROP or ADAGRAD
 * @param batchSize mini-batch size
 * @param maxEpochs upper bound on epochs
 * @param patience epochs without validation improvement before early stopping
 */
public record TrainingSettings(
        List<Integer> hiddenLayers,
        String activation,
        Double dropout,
        Double weightDecay,
        Double learningRate,
        String optimizer,
        Integer batchSize,
        Integer maxEpochs,
        Integer patience) {

    public static TrainingSettings defaults() {
        return new TrainingSettings(null, null, null, null, null, null, null, null, null);
    }
}
