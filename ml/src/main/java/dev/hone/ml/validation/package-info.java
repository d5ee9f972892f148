/**
 * What the validation stage measures on a trained model besides its test metrics (issue 16's model passport):
 * {@link dev.hone.ml.validation.Calibration} (expected calibration error, the reliability curve, temperature
 * scaling), {@link dev.hone.ml.validation.PermutationImportance} (each input column's share of the metric,
 * with repeats and an interval, one-hot groups folded back into their column) and
 * {@link dev.hone.ml.validation.Fairness} (per-group rates, demographic parity, equal opportunity and disparate
 * impact with intervals, and reweighing as the mitigation) and {@link dev.hone.ml.validation.KernelShap} (each
 * column's contribution to one row's prediction, adding up to the prediction less the baseline) and
 * {@link dev.hone.ml.validation.ChampionChallenger} (a new version against the one in production on the same
 * rows: paired bootstrap interval of the accuracy difference and McNemar's test),
 * {@link dev.hone.ml.validation.InputGradient} (back-propagation to the inputs in plain Java, so any number of
 * threads may compute gradients, unlike the engine's one gradient recording per JVM),
 * {@link dev.hone.ml.validation.IntegratedGradients} and {@link dev.hone.ml.validation.Attacks} (FGSM and PGD,
 * L-infinity and L2, accuracy against epsilon) and {@link dev.hone.ml.validation.DriftBaseline} (a column's
 * reference distribution and the population stability index of new values against it), and
 * {@link dev.hone.ml.validation.Extraction} (how many label-only queries a nearest-neighbour copy needs to agree
 * with the model: a model-stealing indicator).
 *
 * <p>Determinism: every result is a pure function of its inputs and, where rows are shuffled, of the seed
 * passed in. Nothing here reads files, a database or the clock.
 */
package dev.hone.ml.validation;
