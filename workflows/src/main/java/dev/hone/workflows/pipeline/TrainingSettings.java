package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.Optimizer;
import java.util.List;

/**
 * Optional training settings of a run. Any null field takes the trainer's default.
 *
 * @param hiddenLayers widths of the hidden layers, e.g. [64, 64]
 * @param activation the non-linearity after each hidden layer
 * @param dropout dropout probability after each hidden layer
 * @param weightDecay L2 weight decay
 * @param learningRate learning rate
 * @param optimizer the gradient method
 * @param batchSize mini-batch size
 * @param maxEpochs upper bound on epochs
 * @param patience epochs without validation improvement before early stopping
 */
public record TrainingSettings(
        List<Integer> hiddenLayers,
        Activation activation,
        Double dropout,
        Double weightDecay,
        Double learningRate,
        Optimizer optimizer,
        Integer batchSize,
        Integer maxEpochs,
        Integer patience) {

    public static TrainingSettings defaults() {
        return new TrainingSettings(null, null, null, null, null, null, null, null, null);
    }
}
