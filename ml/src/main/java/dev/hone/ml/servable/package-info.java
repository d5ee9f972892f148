/**
 * Servable models: the seam between whatever produces a model (training; int8 quantization in
 * {@code ml.compress}) and whatever uses one (evaluation, serving).
 *
 * <p>A {@link dev.hone.ml.servable.ModelKind} names a kind of model and its
 * {@link dev.hone.ml.servable.ModelFormat}; a producer writes a
 * {@link dev.hone.ml.servable.ServableArtifact} (kind, descriptor JSON, content bytes) and every
 * reader loads it through {@link dev.hone.ml.servable.ServableModels#load}, which returns a
 * {@link dev.hone.ml.servable.ServableModel}.
 *
 * <p>Every kind keeps the contract written on {@link dev.hone.ml.servable.ServableModel}
 * (concurrent predictions, batch and single rows agree, a closed model refuses instead of crashing),
 * and the conformance test {@code ServableModelConformanceTest} checks it for every constant of
 * {@code ModelKind}: a model loaded back from its artifact answers as the producer's model in
 * memory did, within the tolerance the kind states (0 for a float MLP read back bit for bit; a
 * lossy kind states its own).
 */
package dev.hone.ml.servable;
