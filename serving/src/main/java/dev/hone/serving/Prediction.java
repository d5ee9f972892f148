package dev.hone.serving;

import java.util.Map;

/**
 * One row's prediction.
 *
 * @param label predicted class (classification), else null
 * @param value predicted value (regression), else null
 * @param probabilities class probabilities in label order (classification), else empty
 */
public record Prediction(String label, Double value, Map<String, Double> probabilities) {
}
