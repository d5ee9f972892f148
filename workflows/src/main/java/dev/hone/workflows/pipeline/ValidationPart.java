package dev.hone.workflows.pipeline;

/** The parts of the validation stage, each one activity, run in parallel on the compute queue. */
public enum ValidationPart {
    /** Metrics with intervals, per class, calibration, and the champion comparison. */
    PERFORMANCE,
    /** Permutation importance, KernelSHAP and integrated gradients. */
    EXPLANATIONS,
    /** FGSM and PGD curves and the extraction indicator. */
    ROBUSTNESS,
    /** Fairness over the sensitive columns and the drift baseline. */
    DATA,
    /** Reweighing's effect on twins of the model; only when the run asks for it. */
    MITIGATION
}
