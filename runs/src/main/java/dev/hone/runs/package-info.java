/**
 * Run creation as a domain service: the one place where a run request is checked, recorded and
 * its workflow started, cancelled or restarted. The API calls it for users; schedules and
 * retraining call it through an activity, so every run meets the same rules whoever asks.
 *
 * <p>Contract: {@link dev.hone.runs.RunRules} and {@link dev.hone.runs.RunBounds} refuse a request
 * with the registry's {@code InvalidInputException}, naming the field, the value and what would be
 * accepted, before anything is recorded; the training and study activities map settings and search
 * spaces with the same {@link dev.hone.runs.TrainingConfigs} and {@link dev.hone.runs.TuningSpaces},
 * so a run that passed the check trains with exactly what was checked. A run whose workflow cannot
 * be started ends FAILED with the reason ({@link dev.hone.runs.WorkflowServiceUnavailableException}
 * tells the caller); none is left QUEUED without a workflow. This module uses ml, the model
 * registry and workflows only; only activities and api use it (ArchitectureTest).
 */
package dev.hone.runs;
