package dev.hone.runs;

import dev.hone.ml.model.MlpConfig;
import dev.hone.workflows.pipeline.TrainingSettings;

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
     */
    public static MlpConfig config(TrainingSettings s, long seed) {
        MlpConfig d = MlpConfig.defaults(seed);
        if (s == null) {
            return d;
        }
        return new MlpConfig(
                s.hiddenLayers() != null ? s.hiddenLayers() : d.hiddenLayers(),
                s.activation() != null ? s.activation() : d.activation(),
                s.dropout() != null ? s.dropout() : d.dropout(),
                s.weightDecay() != null ? s.weightDecay() : d.weightDecay(),
                s.learningRate() != null ? s.learningRate() : d.learningRate(),
                s.optimizer() != null ? s.optimizer() : d.optimizer(),
                s.batchSize() != null ? s.batchSize() : d.batchSize(),
                s.maxEpochs() != null ? s.maxEpochs() : d.maxEpochs(),
                s.patience() != null ? s.patience() : d.patience(),
                seed);
    }
}
