/**
 * Compression of a trained network: what makes it cheaper to serve at an accuracy the user accepts.
 *
 * <ul>
 *   <li>{@link dev.hone.ml.compress.Pruning}: magnitude pruning, of single weights (unstructured) or of whole
 *       hidden units (structured, so the dense network shrinks), at once or in steps of a cubic schedule
 *       with fine-tuning after each ({@link dev.hone.ml.model.MlpTrainer#fineTuneClassifier} keeps pruned
 *       weights at zero);</li>
 *   <li>{@link dev.hone.ml.compress.Int8Network}: post-training int8 quantization (per-unit symmetric
 *       weights, input ranges calibrated on training rows) with a forward pass of its own in plain Java
 *       and the Vector API;</li>
 *   <li>{@link dev.hone.ml.compress.Distillation}: which smaller students to train from a teacher, and the
 *       loss's defaults ({@link dev.hone.ml.model.MlpTrainer#distilClassifier} trains them);</li>
 *   <li>{@link dev.hone.ml.compress.CompressionChoice}: the accuracy budget, the objective, the Pareto
 *       front.</li>
 * </ul>
 *
 * <p>Determinism: pruning and quantization are pure functions of their inputs (ties go to the lower
 * index); training a pruned network or a student is as deterministic as any training, for its seed.
 * Nothing here reads files, a database or the clock (timing a model is {@link dev.hone.ml.servable.Speed}'s).
 */
package dev.hone.ml.compress;
