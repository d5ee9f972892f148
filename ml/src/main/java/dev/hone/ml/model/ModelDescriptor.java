package dev.hone.ml.model;

/**
 * Everything needed besides the parameter bytes to rebuild a trained MLP: its configuration, its
 * input and output widths, and whether it is a classifier. Stored as JSON beside the weights.
 */
public record ModelDescriptor(MlpConfig config, int inputSize, int outputSize, boolean classifier) {

    /** Rebuilds the model from its parameter bytes. The caller closes it. */
    public MlpModel load(byte[] parameters) {
        return classifier
                ? MlpModel.loadClassifier(parameters, inputSize, outputSize, config)
                : MlpModel.loadRegressor(parameters, inputSize, config);
    }
}
