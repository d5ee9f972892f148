package dev.hone.ml.servable;

import java.util.function.UnaryOperator;

/**
 * What the conformance test needs from one model kind: models of that kind as their producer holds
 * them in memory, together with their stored form, and the tolerance the kind promises between the
 * two.
 */
interface KindFixture {

    /**
     * One model of the kind.
     *
     * @param reference the producer's model in memory (before anything was written)
     * @param artifact what the producer stores
     * @param rows transformed input rows to predict (several, of the model's width)
     */
    record Produced(ServableModel reference, ServableArtifact artifact, float[][] rows) {
    }

    /**
     * Largest difference allowed between the loaded model's outputs and the reference's, relative to
     * the output's size when above 1 (absolute below).
     */
    double tolerance();

    /** A classifier of this kind (at least three classes). */
    Produced classifier();

    /** A regressor of this kind. */
    Produced regressor();

    /** A producer's model in memory: its shape and forward pass, and what closing it frees. */
    static ServableModel inMemory(ModelKind kind, int inputSize, int outputSize, boolean classifier,
            UnaryOperator<float[][]> predict, Runnable close) {
        return new ServableModel() {
            @Override
            public ModelKind kind() {
                return kind;
            }

            @Override
            public int inputSize() {
                return inputSize;
            }

            @Override
            public int outputSize() {
                return outputSize;
            }

            @Override
            public boolean classifier() {
                return classifier;
            }

            @Override
            public float[][] predict(float[][] features) {
                return predict.apply(features);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** Which fixture each kind has: a new kind fails to compile here until it has one. */
    static KindFixture of(ModelKind kind) {
        return switch (kind) {
            case FLOAT_MLP -> FloatMlpFixture.INSTANCE;
            case MLP_ENSEMBLE -> MlpEnsembleFixture.INSTANCE;
            case INT8_MLP -> Int8MlpFixture.INSTANCE;
            case INT8_MLP_ENSEMBLE -> Int8MlpEnsembleFixture.INSTANCE;
        };
    }
}
