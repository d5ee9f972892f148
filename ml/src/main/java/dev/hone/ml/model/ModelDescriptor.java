package dev.hone.ml.model;

/**
 * Everything besides the parameter bytes that is needed to load a trained network: store it
 * (as JSON) next to {@link TrainingResult#parameters()}.
 *
 * @param classifier whether outputs are class logits (loaded models return probabilities)
 */
public record ModelDescriptor(MlpConfig config, int inputSize, int outputSize, boolean classifier) {

    public ModelDescriptor {
        if (config != null && config.ensembleSize() < 1) {
            config = config.withEnsembleSize(1); // written before ensembles existed: one network
        }
    }

    public static ModelDescriptor of(TrainingResult result, boolean classifier) {
        return new ModelDescriptor(result.config(), result.inputSize(), result.outputSize(), classifier);
    }

    /** Loads the network from its parameter bytes; close the model when done. */
    public MlpModel load(byte[] parameters) {
        return MlpModel.load(parameters, inputSize, outputSize, config, classifier);
    }
}
