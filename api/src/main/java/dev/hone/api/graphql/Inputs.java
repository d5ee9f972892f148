package dev.hone.api.graphql;

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
        @Description("CLASSIFICATION or REGRESSION; inferred from the target when left out")
        public String task;
        @Description("Registered model that receives the new version; '<dataset>-<target>' when left out")
        public String modelName;
        @Description("Training settings; defaults for anything left out")
        public TrainingInput training;
        @Description("Seed for splitting, initialisation and shuffling; 42 when left out")
        public Long seed;
        @Description("CPU, GPU or AUTO (default)")
        public String device;
    }

    @Name("TrainingInput")
    @Description("MLP training settings")
    public static class TrainingInput {
        @Description("Hidden layer widths, e.g. [64, 64]; [] trains a linear model")
        public List<Integer> hiddenLayers;
        @Description("RELU, TANH, SIGMOID or GELU")
        public String activation;
        public Double dropout;
        @Description("L2 weight decay")
        public Double weightDecay;
        @Description("Adam learning rate")
        public Double learningRate;
        public Integer batchSize;
        public Integer maxEpochs;
        @Description("Epochs without validation improvement before stopping early")
        public Integer patience;
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
