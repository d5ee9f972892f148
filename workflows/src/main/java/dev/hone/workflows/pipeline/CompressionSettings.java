package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/**
 * A run's compression stage: which techniques it may use, what it minimizes, and how much worse than the
 * uncompressed model a candidate may be. A run that gives these gets the stage; any null field takes its
 * default.
 */
@Input("CompressionInput")
@Description("Compress the trained model: the stage makes candidates with the techniques allowed, measures each on "
        + "the validation rows, and the version serves the best one on the objective inside the budget (or the "
        + "uncompressed model, if none is). A null field takes its default")
public record CompressionSettings(
        @Description("Techniques the stage may use, combined where they can be (distil or prune, then quantize); "
                + "default all. An ensemble is only distilled")
        List<CompressionTechnique> techniques,
        @Description("What to minimize inside the budget; default LATENCY")
        CompressionObjective objective,
        @Description("Classification: accuracy points a candidate may lose against the uncompressed model on the "
                + "validation rows (1 means 0.01); default 1, 0 to 100")
        Double accuracyBudget,
        @Description("Regression: percent by which a candidate's validation RMSE may exceed the uncompressed model's; "
                + "default 2, 0 to 1000")
        Double rmseBudget) {

    public static final CompressionObjective DEFAULT_OBJECTIVE = CompressionObjective.LATENCY;
    public static final double DEFAULT_ACCURACY_BUDGET = 1.0;
    public static final double DEFAULT_RMSE_BUDGET = 2.0;

    /** Every technique, the default objective and budgets. */
    public static CompressionSettings defaults() {
        return new CompressionSettings(null, null, null, null);
    }

    /** The techniques allowed: those given, or all of them. */
    public Set<CompressionTechnique> allowed() {
        return techniques == null || techniques.isEmpty() ? EnumSet.allOf(CompressionTechnique.class)
                : EnumSet.copyOf(techniques);
    }

    public CompressionObjective objectiveOrDefault() {
        return objective == null ? DEFAULT_OBJECTIVE : objective;
    }

    public double accuracyBudgetOrDefault() {
        return accuracyBudget == null ? DEFAULT_ACCURACY_BUDGET : accuracyBudget;
    }

    public double rmseBudgetOrDefault() {
        return rmseBudget == null ? DEFAULT_RMSE_BUDGET : rmseBudget;
    }
}
