package dev.hone.workflows.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What the validation stage concluded.
 *
 * @param reportArtifact artifact of the merged passport, with the gate's verdict
 * @param passed whether the gate passed
 * @param reasons the failed checks, in words (empty when it passed)
 * @param metrics the stage's figures (gate_passed, checks, failed_checks, seconds per part)
 * @param temperature the temperature the version's class probabilities are to be served scaled by (the run asked
 *     for temperature scaling and it lowered the test calibration error); null for none
 */
public record Validation(String reportArtifact, boolean passed, List<String> reasons, Map<String, Double> metrics,
        Double temperature) {
}
