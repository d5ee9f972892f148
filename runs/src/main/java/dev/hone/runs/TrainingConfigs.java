package dev.hone.runs;

import dev.hone.ml.model.Activation;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.OptimizerKind;
import dev.hone.workflows.pipeline.TrainingSettings;
import java.util.Locale;

/**
 * Training settings as a run (or a study's trial) gives them, turned into the trainer's
 * {@link MlpConfig}: the one mapping that both the check before a run starts and the training
 * itself use, so a run that passes the check trains with exactly what was checked.
 */
public final class TrainingConfigs {

    private TrainingConfigs() {
    }

    /**
     * The trainer's defaults, overridden by whatever the settings set. The result is not yet
     * checked: call {@link MlpConfig#validate()} on it.
     *
     * @throws IllegalArgumentException for an unknown activation or optimizer, naming the choices
     */
    public static MlpConfig config(TrainingSettings s, long seed) {
        MlpConfig d = MlpConfig.defaults(seed);
        if (s == null) {
            return d;
        }
        Activation activation = s.activation() == null ? d.activation()
                : choice(Activation.class, s.activation(), "activation", RunOptions.spell(RunOptions.ACTIVATIONS));
        OptimizerKind optimizer = s.optimizer() == null ? d.optimizer()
                : choice(OptimizerKind.class, s.optimizer(), "optimizer", RunOptions.spell(RunOptions.OPTIMIZERS));
        return new MlpConfig(
                s.hiddenLayers() != null ? s.hiddenLayers() : d.hiddenLayers(),
                activation,
                s.dropout() != null ? s.dropout() : d.dropout(),
                s.weightDecay() != null ? s.weightDecay() : d.weightDecay(),
                s.learningRate() != null ? s.learningRate() : d.learningRate(),
                optimizer,
                s.batchSize() != null ? s.batchSize() : d.batchSize(),
                s.maxEpochs() != null ? s.maxEpochs() : d.maxEpochs(),
                s.patience() != null ? s.patience() : d.patience(),
                seed);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String what, String allowed) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown " + what + " '" + value + "': use " + allowed);
        }
    }
}
