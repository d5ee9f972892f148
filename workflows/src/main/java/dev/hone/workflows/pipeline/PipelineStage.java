package dev.hone.workflows.pipeline;

/**
 * Stages of a model-optimization run, in pipeline order. Deploy takes its place
 * between these as they are built; each stage is recorded on its own.
 */
public enum PipelineStage {
    PREPROCESS,
    /** Hyperparameter study (only when the run asks for one). */
    TUNE,
    TRAIN,
    /** Pruning, distillation and quantization inside an accuracy budget (only when the run asks for it). */
    COMPRESS,
    EVALUATE,
    /** The model passport (metrics with intervals, calibration, champion, explanations, robustness, fairness, drift
     * baseline) and the gate's verdict. */
    VALIDATE,
    REGISTER
}
