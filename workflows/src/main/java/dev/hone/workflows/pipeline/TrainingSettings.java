package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.ClassWeights;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Optimizer;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/**
 * The training settings of a run, defined here once: each component's name, type, description and
 * range are what the API takes ({@code TrainingInput}) and shows ({@code TrainingSettings}), what
 * {@code trainingOptions} publishes and what the run rules check; the trainer's config gives the
 * default of a component of the same name. Adding a setting touches this record, the trainer's
 * config and the trainer. Any null field takes the trainer's default.
 */
@Input("TrainingInput")
@Description("Training settings; a null field takes the trainer's default (kinds, defaults, bounds and choices in "
        + "trainingOptions)")
public record TrainingSettings(
        @Description("Widths of the hidden layers, input side first; [] trains a linear model")
        @Range(min = 1, limit = "layer-width", itemsLimit = "hidden-layers")
        List<Integer> hiddenLayers,
        @Description("Non-linearity after each hidden layer")
        Activation activation,
        @Description("Dropout probability after each hidden layer")
        @Range(min = 0, max = 1, maxExclusive = true)
        Double dropout,
        @Description("L2 weight decay on the weights")
        @Range(min = 0)
        Double weightDecay,
        @Description("Learning rate of the optimizer")
        @Range(min = 0, minExclusive = true)
        Double learningRate,
        @Description("Gradient method")
        Optimizer optimizer,
        @Description("Rows in one mini-batch")
        @Range(min = 1, limit = "batch-size")
        Integer batchSize,
        @Description("Most passes over the training data")
        @Range(min = 1, limit = "epochs")
        Integer maxEpochs,
        @Description("Epochs without validation improvement before training stops early (the best epoch's weights "
                + "are kept)")
        @Range(min = 1, limit = "epochs")
        Integer patience,
        @Description("Classification: how the loss weighs the classes (regression ignores it)")
        ClassWeights classWeights,
        @Description("How numeric input columns become model inputs; a study may search it (the run's preprocessing "
                + "fits each encoding its trainings may use)")
        NumericScaling numericScaling,
        @Description("Networks the registered model averages (class probabilities, or regression outputs): the first "
                + "trained as the other settings say, each other one with the next seed for the first's best epoch "
                + "count, on the rows the first was finally trained on; a study's trials train one each. Costs its "
                + "multiple in training and prediction time")
        @Range(min = 1, max = ENSEMBLE_LIMIT)
        Integer ensembleSize,
        @Description("Decay of an average of the weights taken at the end of each epoch, which validation scores and "
                + "the model keeps (it starts as the plain mean of the first epochs); 0 keeps each epoch's own "
                + "weights")
        @Range(min = 0, max = 1, maxExclusive = true)
        Double weightAveraging) {

    /** The most networks a model may average (the trainer's config refuses more). */
    public static final int ENSEMBLE_LIMIT = 10;

    public static TrainingSettings defaults() {
        return new TrainingSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
