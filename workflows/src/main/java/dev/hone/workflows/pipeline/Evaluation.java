package dev.hone.workflows.pipeline;

import java.util.Map;

/**
 * Test-split evaluation.
 *
 * @param testMetrics scalar metrics (accuracy, macro_f1, log_loss, roc_auc, or rmse, mae, r2)
 * @param reportArtifact artifact holding the full evaluation report (confusion matrix and more)
 */
public record Evaluation(Map<String, Double> testMetrics, String reportArtifact) {
}
