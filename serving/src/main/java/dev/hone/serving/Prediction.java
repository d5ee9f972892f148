package dev.hone.serving;

import java.util.List;
import java.util.Map;

/**
 * One row's prediction.
 *
 * @param label predicted class (classification), else null
 * @param value predicted value (regression), else null
 * @param probabilities class probabilities in label order (classification), else empty
 * @param imputed the row's columns whose value was missing (null, empty or a missing marker) and
 *     was imputed as in training, in the model's column order
 */
public record Prediction(String label, Double value, Map<String, Double> probabilities, List<String> imputed) {
}
