package dev.hone.ml.model;

import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.ClassWeights;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Architecture and training settings of a multi-layer perceptron.
 *
 * @param hiddenLayers widths of the hidden layers, input side first; empty for a linear model
 * @param activation non-linearity after each hidden layer
 * @param dropout dropout rate after each hidden layer, in [0, 1)
 * @param weightDecay L2 penalty on the weights (not the biases): {@code weightDecay / 2 * sum(w^2)}
 *     is added to the loss, the same as PyTorch's {@code Adam(weight_decay=...)}
 * @param learningRate learning rate of the optimizer
 * @param optimizer gradient method; null means {@link Optimizer#ADAM} (configs stored before
 *     the choice existed trained with Adam)
 * @param batchSize rows per mini-batch
 * @param maxEpochs upper bound on passes over the training data
 * @param patience epochs without a lower validation loss before training stops
 * @param seed seed for initialization, dropout and batch order
 * @param classWeights how a classifier's loss weighs the classes; {@link ClassWeights#AUTO} is decided by the
 *     trainer from the training labels (its result's config says what it chose); null means
 *     {@link ClassWeights#NONE} (configs stored before the choice existed trained without weights)
 * @param numericScaling how numeric input columns become inputs: not the trainer's to apply but the training
 *     job's, which builds the inputs with the run's transform of that encoding; part of the config so that a
 *     study can search it and a model records it; null means {@link NumericScaling#STANDARD} (configs stored
 *     before the choice existed were trained on standardized inputs, or on the operator's encoding their
 *     transform records)
 * @param ensembleSize how many networks of these settings the kept model averages (different seeds); like
 *     the encoding, the training job's to apply, not the trainer's, which trains one; 1 to
 *     {@link #MAX_ENSEMBLE_SIZE} (0 in a config stored before the choice existed: one network)
 * @param weightAveraging decay of an exponential average of the weights taken at the end of each epoch: validation
 *     scores the averaged weights and the model keeps them (the average of epoch t weighs the earlier average by
 *     {@code min(weightAveraging, (t - 1) / t)}, so that it starts as the plain mean of the first epochs); in
 *     [0, 1), 0 keeps each epoch's own weights (as a config stored before the choice existed was trained)
 */
public record MlpConfig(
        List<Integer> hiddenLayers,
        Activation activation,
        double dropout,
        double weightDecay,
        double learningRate,
        Optimizer optimizer,
        int batchSize,
        int maxEpochs,
        int patience,
        long seed,
        ClassWeights classWeights,
        NumericScaling numericScaling,
        int ensembleSize,
        double weightAveraging) {

    public MlpConfig {
        // Copy defensively but leave checking to validate(), so callers (a tuner sampling a
        // search space, a request parser) can build a config and then ask what is wrong with it.
        // (List.copyOf would throw on a null width before validate() could name it.)
        hiddenLayers = hiddenLayers == null ? null : Collections.unmodifiableList(new ArrayList<>(hiddenLayers));
        optimizer = optimizer == null ? Optimizer.ADAM : optimizer;
        classWeights = classWeights == null ? ClassWeights.NONE : classWeights;
        numericScaling = numericScaling == null ? NumericScaling.STANDARD : numericScaling;
    }

    /** The most networks an ensemble averages: each costs a training and a forward pass per prediction. */
    public static final int MAX_ENSEMBLE_SIZE = 10;

    /** A config on standardized inputs, one network, each epoch's own weights. */
    public MlpConfig(List<Integer> hiddenLayers, Activation activation, double dropout, double weightDecay,
            double learningRate, Optimizer optimizer, int batchSize, int maxEpochs, int patience, long seed,
            ClassWeights classWeights) {
        this(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize, maxEpochs, patience,
                seed, classWeights, NumericScaling.STANDARD, 1, 0);
    }

    /** A config whose classes weigh the same. */
    public MlpConfig(List<Integer> hiddenLayers, Activation activation, double dropout, double weightDecay,
            double learningRate, Optimizer optimizer, int batchSize, int maxEpochs, int patience, long seed) {
        this(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize, maxEpochs, patience,
                seed, ClassWeights.NONE);
    }

    /** The same config for exactly {@code epochs} epochs (a patience as long, so nothing stops it early). */
    public MlpConfig withEpochs(int epochs) {
        return new MlpConfig(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize, epochs,
                epochs, seed, classWeights, numericScaling, ensembleSize, weightAveraging);
    }

    /** The same config with these class weights. */
    public MlpConfig withClassWeights(ClassWeights weights) {
        return new MlpConfig(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize,
                maxEpochs, patience, seed, weights, numericScaling, ensembleSize, weightAveraging);
    }

    /** The same config describing an ensemble of this many networks. */
    public MlpConfig withEnsembleSize(int size) {
        return new MlpConfig(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize,
                maxEpochs, patience, seed, classWeights, numericScaling, size, weightAveraging);
    }

    /** The same config for a network with these hidden layers: a structurally pruned or a smaller one. */
    public MlpConfig withHiddenLayers(List<Integer> widths) {
        return new MlpConfig(widths, activation, dropout, weightDecay, learningRate, optimizer, batchSize,
                maxEpochs, patience, seed, classWeights, numericScaling, ensembleSize, weightAveraging);
    }

    /** The same config averaging the weights with this decay (0: each epoch's own weights). */
    public MlpConfig withWeightAveraging(double decay) {
        return new MlpConfig(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize,
                maxEpochs, patience, seed, classWeights, numericScaling, ensembleSize, decay);
    }

    /** The same config with another seed: an ensemble's next network. */
    public MlpConfig withSeed(long newSeed) {
        return new MlpConfig(hiddenLayers, activation, dropout, weightDecay, learningRate, optimizer, batchSize,
                maxEpochs, patience, newSeed, classWeights, numericScaling, ensembleSize, weightAveraging);
    }

    /**
     * Two hidden layers of 64 ReLU units, dropout 0.1, weight decay 1e-4, Adam 3e-3, batch 32, at most
     * 200 epochs with patience 20, classes weighted when they are imbalanced. Small tabular sets need
     * more than 100 epochs at this batch size to converge (iris is still improving at epoch 100 with Adam 1e-3).
     * Numeric inputs standardized, one network, the weights averaged over epochs with decay 0.9 (measured in
     * docs/benchmarks.md, "Weight averaging").
     */
    public static MlpConfig defaults(long seed) {
        return new MlpConfig(List.of(64, 64), Activation.RELU, 0.1, 1e-4, 3e-3, Optimizer.ADAM, 32, 200, 20, seed,
                ClassWeights.AUTO, NumericScaling.STANDARD, 1, 0.9);
    }

    /**
     * Checks every setting.
     *
     * @return this config
     * @throws IllegalArgumentException naming the first bad setting
     */
    public MlpConfig validate() {
        if (hiddenLayers == null) {
            throw new IllegalArgumentException("hiddenLayers must not be null (use [] for none)");
        }
        for (Integer width : hiddenLayers) {
            if (width == null || width < 1) {
                throw new IllegalArgumentException(
                        "hiddenLayers must all be positive widths, was " + hiddenLayers);
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, was " + maxEpochs);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, was " + patience);
        }
        if (!(weightAveraging >= 0 && weightAveraging < 1)) {
            throw new IllegalArgumentException("weightAveraging must be in [0, 1), was " + weightAveraging);
        }
        if (ensembleSize < 1 || ensembleSize > MAX_ENSEMBLE_SIZE) {
            throw new IllegalArgumentException("ensembleSize must be between 1 and " + MAX_ENSEMBLE_SIZE + ", was "
                    + ensembleSize);
        }
        return this;
    }
}
