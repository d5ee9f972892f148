package dev.hone.api.graphql;

import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.StudyCost;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.ValidationSettings;
import dev.hone.workflows.pipeline.TrainingSettings;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL input types (plain classes: the binder fills their fields). */
public final class Inputs {
    private Inputs() {
    }

    @Name("StartRunInput")
    @Description("What to learn from and how. Only dataset and target are required.")
    public static class StartRunInput {
        @NonNull
        @Description("Data set name")
        public String dataset;
        @Description("Data set version number; the latest when left out")
        public Integer datasetVersion;
        @NonNull
        @Description("Column to predict")
        public String target;
        @Description("What the model predicts; inferred from the target when left out")
        public Task task;
        @Description("Registered model that receives the new version; '<dataset>-<target>' when left out")
        public String modelName;
        @Description("Training settings; defaults for anything left out")
        public TrainingSettings training;
        @Description("Seed for splitting, initialisation and shuffling; default in trainingOptions")
        public Long seed;
        @Description("Where training runs; AUTO when left out")
        public Device device;
        @Description("A hyperparameter study before training")
        public TuningInput tuning;
        @Description("Compress the trained model inside an accuracy budget; no compression stage when left out")
        public CompressionSettings compression;
        @Description("The validation gate's limits and the columns fairness is measured on; every run validates its "
                + "model, and the gate checks only the champion comparison when this is left out")
        public ValidationSettings validation;
    }

    @Name("TuningInput")
    @Description("A hyperparameter study run before training; the best trial's settings train the model. Choices, "
            + "defaults and bounds in searchSpaceOptions")
    public static class TuningInput {
        @Description("How trials are proposed; default in searchSpaceOptions")
        public Sampler sampler;
        @Description("Early stopping of weak trials; default in searchSpaceOptions")
        public Pruner pruner;
        @Description("The metric to optimise (searchSpaceOptions: objectives)")
        public String objective;
        @Description("Follows the objective when left out")
        public Direction direction;
        @Description("Trial budget")
        public Integer maxTrials;
        @Description("Trials running at once; more need more worker processes")
        public Integer parallelism;
        @Description("GRID: points per numeric parameter")
        public Integer gridPoints;
        @Description("ASHA: minimum epochs before the first decision; MEDIAN: warm-up epochs")
        public Integer minResource;
        @Description("ASHA reduction factor")
        public Integer reductionFactor;
        @Description("Train each trial on a sample of at most this many training rows (at least 100; stratified by "
                + "class for classification, uniform for regression; the same rows for every trial), validated on the "
                + "whole validation split, to make a study on a large data set affordable. The final model trains on "
                + "every row. Left out: trials train on every row")
        public Integer sampleRows;
        @Description("A second objective minimized beside the metric (LATENCY or SIZE of each trial's model): the "
                + "study keeps the Pareto front of the two (study.front), and TPE samples towards it")
        public StudyCost cost;
        @Description("With a cost: the run trains the cheapest trial whose objective is within this many percent of "
                + "the best trial's (0 to 100; 1 when left out); 0 trains the best trial on the objective")
        public Double costTolerance;
        @Description("Try first this many best completed trials of the newest earlier study of the same model (its "
                + "configurations moved into this search space), as trials 1, 2, ...; then sample as usual. For "
                + "retraining: the study starts where the last one ended. 0 to maxTrials - 1; not with GRID")
        public Integer warmStartTrials;
        @NonNull
        @Description("The search space")
        public List<ParameterInput> parameters;
    }

    @Name("ParameterInput")
    @Description("One searched parameter; searchSpaceOptions lists the parameters, their types, choices and bounds")
    public static class ParameterInput {
        @NonNull
        public String name;
        @NonNull
        public ParameterType type;
        public Double low;
        public Double high;
        @Description("Search on a log scale")
        public Boolean log;
        @Description("INT step")
        public Integer step;
        @Description("CATEGORICAL values")
        public List<String> choices;
        @Description("Active only when this earlier parameter takes one of conditionValues")
        public String conditionParameter;
        public List<String> conditionValues;
    }

    @Name("CellInput")
    @Description("One value of an input row")
    public static class CellInput {
        @NonNull
        public String column;
        @Description("The value as text; null for a missing value")
        public String value;
    }
}
