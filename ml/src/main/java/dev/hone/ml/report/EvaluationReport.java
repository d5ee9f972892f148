package dev.hone.ml.report;

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
 */
public record EvaluationReport(Task task, Map<String, Double> metrics, List<String> labels,
        long[][] confusionMatrix, int rows) {

    public EvaluationReport {
        // Null-tolerant because reports are read back from JSON.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
