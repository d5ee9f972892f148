package dev.hone.ml.servable;

import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.util.List;
import java.util.Random;

/**
 * Float MLPs trained here on generated data, then quantized to int8 with their training rows as the
 * calibration set. The reference is the int8 network in memory; reading back is lossless and the forward
 * pass is the same code, so the tolerance is 0.
 */
final class Int8MlpFixture implements KindFixture {

    static final Int8MlpFixture INSTANCE = new Int8MlpFixture();

    private Produced classifier;
    private Produced regressor;

    private Int8MlpFixture() {
    }

    @Override
    public double tolerance() {
        return 0;
    }

    @Override
    public synchronized Produced classifier() {
        if (classifier == null) {
            Random random = new Random(27);
            float[][] x = new float[90][];
            int[] y = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = i % 3;
                x[i] = new float[] {(float) (1.5 * y[i] + random.nextGaussian()), (float) random.nextGaussian(),
                        (float) random.nextGaussian()};
            }
            MlpConfig cfg = new MlpConfig(List.of(24, 8), Activation.RELU, 0.1, 1e-4, 0.02, null, 16, 5, 5, 21);
            classifier = produce(MlpTrainer.trainClassifier(x, y, x, y, 3, cfg, null), true, x, random);
        }
        return classifier;
    }

    @Override
    public synchronized Produced regressor() {
        if (regressor == null) {
            Random random = new Random(28);
            float[][] x = new float[80][];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()};
                y[i] = (float) (x[i][0] * x[i][1] + 0.1 * random.nextGaussian());
            }
            MlpConfig cfg = new MlpConfig(List.of(16), Activation.SIGMOID, 0, 0, 0.01, null, 16, 5, 5, 22);
            regressor = produce(MlpTrainer.trainRegressor(x, y, x, y, cfg, null), false, x, random);
        }
        return regressor;
    }

    private static Produced produce(TrainingResult r, boolean classifier, float[][] calibration, Random random) {
        Int8Network network;
        try (MlpModel mlp = MlpModel.load(r.parameters(), r.inputSize(), r.outputSize(), r.config(), classifier)) {
            network = Int8Network.quantize(mlp.dense(), calibration);
        }
        ServableModel reference = KindFixture.inMemory(ModelKind.INT8_MLP, network.inputSize(),
                network.outputSize(), network.classifier(), network::predict, () -> { });
        return new Produced(reference, Int8MlpFormat.write(network, ModelDescriptor.of(r, classifier)),
                FloatMlpFixture.probe(r.inputSize(), random));
    }
}
