package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("How a classifier's loss weighs the classes")
public enum ClassWeights {
    @Description("BALANCED_ADJUSTED when the largest training class has at least 3 times the rows of the smallest "
            + "(the ratio the data quality report warns at), else NONE; the trained model records which it was")
    AUTO,
    @Description("Each class weighs rows / (classes * its rows), so every class counts as much in the loss "
            + "(scikit-learn's 'balanced'); the model's probabilities and labels then favour the small classes as if "
            + "all classes were equally common")
    BALANCED,
    @Description("Trains as BALANCED, then shifts each class's output logit by the log of its share of the training "
            + "rows (logit adjustment): the small classes are learned with equal weight, and the model's "
            + "probabilities and labels follow the classes' real proportions; judged on validation rows by the "
            + "unweighted log loss of those answers")
    BALANCED_ADJUSTED,
    @Description("Every row weighs the same")
    NONE;

    /**
     * Largest over smallest class at or above which classes count as imbalanced: AUTO weighs them, and the data
     * quality report warns.
     */
    public static final double IMBALANCE_RATIO = 3.0;

    @JsonCreator
    public static ClassWeights of(String name) {
        return Names.parse(ClassWeights.class, name);
    }
}
