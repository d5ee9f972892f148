package dev.hone.ml.servable;

import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Ensembles of three float MLPs trained here on generated data, seeds 11-13. The reference averages the
 * three engine networks built straight from the trainer's results in memory, in the same order; each served
 * network computes in plain Java, as {@link FloatMlpFixture}'s do: the tolerance is 1e-5.
 */
final class MlpEnsembleFixture implements KindFixture {

    static final MlpEnsembleFixture INSTANCE = new MlpEnsembleFixture();

    private Produced classifier;
    private Produced regressor;

    private MlpEnsembleFixture() {
    }

    @Override
    public double tolerance() {
        return 1e-5;
    }

    @Override
    public synchronized Produced classifier() {
        if (classifier == null) {
            Random random = new Random(17);
            float[][] x = new float[90][];
            int[] y = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = i % 3;
                x[i] = new float[] {(float) (1.5 * y[i] + random.nextGaussian()), (float) random.nextGaussian()};
            }
            List<TrainingResult> networks = new ArrayList<>();
            for (long seed = 11; seed <= 13; seed++) {
                MlpConfig cfg = new MlpConfig(List.of(8), Activation.RELU, 0.1, 1e-4, 0.02, null, 16, 5, 5, seed);
                networks.add(MlpTrainer.trainClassifier(x, y, x, y, 3, cfg, null));
            }
            classifier = new Produced(mean(networks, true), MlpEnsembleFormat.write(networks, true),
                    FloatMlpFixture.probe(2, random));
        }
        return classifier;
    }

    @Override
    public synchronized Produced regressor() {
        if (regressor == null) {
            Random random = new Random(18);
            float[][] x = new float[80][];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = new float[] {(float) random.nextGaussian(), (float) random.nextGaussian(),
                        (float) random.nextGaussian()};
                y[i] = (float) (x[i][0] * x[i][1] - x[i][2] + 0.1 * random.nextGaussian());
            }
            List<TrainingResult> networks = new ArrayList<>();
            for (long seed = 11; seed <= 13; seed++) {
                MlpConfig cfg = new MlpConfig(List.of(16, 8), Activation.TANH, 0, 0, 0.01, null, 16, 5, 5, seed);
                networks.add(MlpTrainer.trainRegressor(x, y, x, y, cfg, null));
            }
            regressor = new Produced(mean(networks, false), MlpEnsembleFormat.write(networks, false),
                    FloatMlpFixture.probe(3, random));
        }
        return regressor;
    }

    /** The networks as the trainer left them, outputs averaged. */
    private static ServableModel mean(List<TrainingResult> results, boolean classifier) {
        List<ServableModel> networks = results.stream().map(r -> FloatMlpFixture.reference(r, classifier)).toList();
        int outputs = networks.getFirst().outputSize();
        return KindFixture.inMemory(ModelKind.MLP_ENSEMBLE, networks.getFirst().inputSize(), outputs, classifier,
                features -> {
                    float[][] sum = new float[features.length][outputs];
                    for (ServableModel network : networks) {
                        float[][] out = network.predict(features);
                        for (int r = 0; r < out.length; r++) {
                            for (int c = 0; c < out[r].length; c++) {
                                sum[r][c] += out[r][c];
                            }
                        }
                    }
                    for (float[] row : sum) {
                        for (int c = 0; c < row.length; c++) {
                            row[c] /= networks.size();
                        }
                    }
                    return sum;
                }, () -> networks.forEach(ServableModel::close));
    }
}
