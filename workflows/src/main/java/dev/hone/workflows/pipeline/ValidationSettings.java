package dev.hone.workflows.pipeline;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/**
 * A run's validation gate and fairness settings. Every run started by this release validates its model; these
 * settings only add limits to the gate and name the columns fairness is measured on. Any null field takes its
 * default: no limit beyond the champion check.
 */
@Input("ValidationInput")
@Description("The validation gate: limits the new version's passport must meet, and the columns fairness is "
        + "measured on. A failed gate leaves the version REJECTED by the system, with the reasons. A null field takes "
        + "its default (no limit)")
public record ValidationSettings(
        @Description("Input columns whose groups fairness compares (columns whose names suggest a protected "
                + "attribute are measured too, with a warning)")
        List<String> sensitiveColumns,
        @Description("The favourable class fairness counts as selected; default a binary target's second class, "
                + "else the first")
        String favourableClass,
        @Description("Test metric limits: a floor for accuracy, macro_f1, roc_auc, r2; a ceiling for log_loss, rmse, "
                + "mae")
        List<MetricLimit> metricLimits,
        @Description("Against the model's production (or champion) version on the same test rows: accuracy points "
                + "(classification) or RMSE percent (regression) the new version may lose; default 1, 0 to 100. "
                + "Significantly worse always fails")
        Double championMargin,
        @Description("The smallest L-infinity epsilon, in standard deviations, at which PGD may halve the accuracy; "
                + "0 to 10")
        Double minHalvingEpsilon,
        @Description("The largest demographic-parity difference on a sensitive column, 0 to 1")
        Double maxParityDifference,
        @Description("The smallest disparate-impact ratio on a sensitive column (0.8: the four-fifths rule), 0 to 1")
        Double minDisparateImpact,
        @Description("The largest expected calibration error, 0 to 1")
        Double maxCalibrationError,
        @Description("Classification: mitigate unfairness over the first sensitive column by reweighing the training "
                + "rows (Kamiran and Calders): the model is trained on reweighed rows, and the passport shows two twins "
                + "trained alike, as is and reweighed, side by side (two more trainings); default false")
        Boolean reweighing,
        @Description("Classification: serve the class probabilities scaled by the temperature fitted on the "
                + "validation rows when that lowers the test calibration error (the labels do not change); default "
                + "false")
        Boolean temperatureScaling) {

    public static final double DEFAULT_CHAMPION_MARGIN = 1.0;

    /** One test metric's limit. */
    @Input("MetricLimitInput")
    @Description("A limit on one test metric")
    public record MetricLimit(
            @Description("accuracy, macro_f1, log_loss, roc_auc, rmse, mae or r2") String metric,
            @Description("Its floor (or ceiling, for a loss)") double limit) {
    }

    /** No limit beyond the champion check, no sensitive column named. */
    public static ValidationSettings defaults() {
        return new ValidationSettings(null, null, null, null, null, null, null, null, null, null);
    }

    public List<String> sensitiveColumnsOrNone() {
        return sensitiveColumns == null ? List.of() : sensitiveColumns;
    }

    public List<MetricLimit> metricLimitsOrNone() {
        return metricLimits == null ? List.of() : metricLimits;
    }

    public boolean reweighingAsked() {
        return Boolean.TRUE.equals(reweighing);
    }

    /** The column the training rows are reweighed over, or null when the run does not ask for reweighing. */
    public String reweighOver() {
        return reweighingAsked() && !sensitiveColumnsOrNone().isEmpty() ? sensitiveColumnsOrNone().getFirst() : null;
    }

    public double championMarginOrDefault() {
        return championMargin == null ? DEFAULT_CHAMPION_MARGIN : championMargin;
    }
}
