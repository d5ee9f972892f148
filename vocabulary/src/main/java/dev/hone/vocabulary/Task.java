package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("What a model predicts")
public enum Task {
    @Description("Predict one of the target's values (a class); metrics: accuracy, per-class precision and recall, "
            + "confusion matrix")
    CLASSIFICATION,
    @Description("Predict a number; metrics: RMSE, MAE, R²")
    REGRESSION;

    @JsonCreator
    public static Task of(String name) {
        return Names.parse(Task.class, name);
    }
}
