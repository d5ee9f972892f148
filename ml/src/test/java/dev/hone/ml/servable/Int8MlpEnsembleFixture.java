package dev.hone.ml.servable;

import dev.hone.ml.compress.Int8Network;
import java.util.List;

/**
 * The float ensembles of {@link MlpEnsembleFixture}, each network quantized to int8 with the probe rows as the
 * calibration set. The reference averages the int8 networks in memory in the same order; reading back is
 * lossless, so the tolerance is 0.
 */
final class Int8MlpEnsembleFixture implements KindFixture {

    static final Int8MlpEnsembleFixture INSTANCE = new Int8MlpEnsembleFixture();

    private Produced classifier;
    private Produced regressor;

    private Int8MlpEnsembleFixture() {
    }

    @Override
    public double tolerance() {
        return 0;
    }

    @Override
    public synchronized Produced classifier() {
        if (classifier == null) {
            classifier = quantized(MlpEnsembleFixture.INSTANCE.classifier());
        }
        return classifier;
    }

    @Override
    public synchronized Produced regressor() {
        if (regressor == null) {
            regressor = quantized(MlpEnsembleFixture.INSTANCE.regressor());
        }
        return regressor;
    }

    private static Produced quantized(Produced floats) {
        List<Int8Network> networks = ServableModels.networks(floats.artifact()).stream()
                .map(n -> Int8Network.quantize(n, floats.rows())).toList();
        Int8Network first = networks.getFirst();
        ServableModel reference = KindFixture.inMemory(ModelKind.INT8_MLP_ENSEMBLE, first.inputSize(),
                first.outputSize(), first.classifier(), x -> MlpEnsembleFormat.mean(networks, n -> n.predict(x)), () -> { });
        return new Produced(reference, Int8MlpEnsembleFormat.write(networks,
                FloatMlpFormat.descriptor(floats.artifact().descriptor())), floats.rows());
    }
}
