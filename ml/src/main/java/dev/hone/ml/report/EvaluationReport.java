package dev.hone.ml.report;

import dev.hone.ml.metrics.Bootstrap;
import dev.hone.ml.metrics.ResidualSummary;
import dev.hone.vocabulary.Task;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's metrics on the test split, as the evaluation stage writes it and every reader reads it
 * (report kind {@link ReportKind#EVALUATION}).
 *
 * @param task the task the model was evaluated on
 * @param metrics metric name to value, in the order they were computed
 * @param labels class labels in the order of the confusion matrix (classification; empty for regression)
 * @param confusionMatrix counts, row = true class, column = predicted class (classification; null for regression)
 * @param rows test rows evaluated
 * @param intervals percentile bootstrap interval of each metric over the test rows ({@link Bootstrap}); empty in
 *     reports written before intervals existed
 * @param intervalLevel the intervals' coverage (0.95), or 0 when there are none
 * @param resamples bootstrap resamples behind the intervals
 * @param residuals how the errors are spread (regression; null for classification and in reports written before)
 */
public record EvaluationReport(Task task, Map<String, Double> metrics, List<String> labels,
        long[][] confusionMatrix, int rows, Map<String, Bootstrap.Interval> intervals, double intervalLevel,
        int resamples, ResidualSummary residuals) {

    /** Coverage of the intervals a report gives. */
    public static final double INTERVAL_LEVEL = 0.95;

    public EvaluationReport {
        // Null-tolerant because reports are read back from JSON.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        labels = labels == null ? List.of() : List.copyOf(labels);
        intervals = intervals == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    }
}
