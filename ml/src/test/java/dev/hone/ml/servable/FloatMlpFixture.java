package dev.hone.ml.servable;

import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.util.List;
import java.util.Random;

/**
 * Float MLPs trained here on generated data. The reference is the engine's network built straight from
 * the trainer's result in memory (what training measured); the artifact is what the training stage
 * stores. Reading back is lossless, but the served forward runs in plain Java, whose float sums round in
 * another order than the engine's: the tolerance is 1e-5.
 */
final class FloatMlpFixture implements KindFixture {

    static final FloatMlpFixture INSTANCE = new FloatMlpFixture();

    private Produced classifier;
    private Produced regressor;

    private FloatMlpFixture() {
    }

    @Override
    public double tolerance() {
        return 1e-5;
    }

    @Override
    public synchronized Produced classifier() {
        if (classifier == null) {
            Random random = new Random(7);
            float[][] x = new float[90][];
            int[] y = new int[x.length];
            double[][] centers = {{0, 0}, {3, 3}, {0, 3}};
            for (int i = 0; i < x.length; i++) {
                y[i] = i % 3;
                x[i] = new float[] {(float) (centers[y[i]][0] + 0.8 * random.nextGaussian()),
                        (float) (centers[y[i]][1] + 0.8 * random.nextGaussian()), (float) random.nextGaussian()};
            }
            MlpConfig cfg = new MlpConfig(List.of(8, 6), Activation.TANH, 0.2, 1e-4, 0.02, null, 16, 5, 5, 11);
            TrainingResult r = MlpTrainer.trainClassifier(x, y, x, y, 3, cfg, null);
            classifier = new Produced(reference(r, true), FloatMlpFormat.write(r, true), probe(3, random));
        }
        return classifier;
    }

    @Override
    public synchronized Produced regressor() {
        if (regressor == null) {
            Random random = new Random(8);
            float[][] x = new float[80][];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()};
                y[i] = (float) (2 * x[i][0] - 3 * x[i][1] + 0.5 + 0.1 * random.nextGaussian());
            }
            MlpConfig cfg = new MlpConfig(List.of(16), Activation.GELU, 0, 0, 0.01, null, 16, 5, 5, 12);
            TrainingResult r = MlpTrainer.trainRegressor(x, y, x, y, cfg, null);
            regressor = new Produced(reference(r, false), FloatMlpFormat.write(r, false), probe(2, random));
        }
        return regressor;
    }

    /** The trained network as the trainer left it, without its descriptor or a store in between. */
    static ServableModel reference(TrainingResult r, boolean classifier) {
        MlpModel mlp = MlpModel.load(r.parameters(), r.inputSize(), r.outputSize(), r.config(), classifier);
        return KindFixture.inMemory(ModelKind.FLOAT_MLP, mlp.inputSize(), mlp.outputSize(), mlp.classifier(),
                mlp::predictRaw, mlp::close);
    }

    /** Rows to predict: ordinary ones and some far outside the training data. */
    static float[][] probe(int width, Random random) {
        float[][] rows = new float[40][width];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < width; j++) {
                rows[i][j] = (float) (random.nextGaussian() * (i < 30 ? 2 : 50));
            }
        }
        return rows;
    }
}
