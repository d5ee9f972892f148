package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningTest {

    @Test
    void unstructuredPruningZeroesEachLayersSmallestWeights() {
        DenseNetwork net = new DenseNetwork(List.of(
                new DenseNetwork.Layer(3, 2, new float[] {0.1f, -0.5f, 0.2f, 0.05f, -0.3f, 0.4f}, new float[] {1, 2}),
                new DenseNetwork.Layer(2, 1, new float[] {-0.7f, 0.6f}, new float[] {3})), Activation.RELU, false);
        DenseNetwork pruned = Pruning.unstructured(net, 0.5);
        assertThat(pruned.layers().get(0).weights()).containsExactly(0f, -0.5f, 0f, 0f, -0.3f, 0.4f);
        assertThat(pruned.layers().get(0).bias()).containsExactly(1f, 2f);
        assertThat(pruned.layers().get(1).weights()).containsExactly(-0.7f, 0f);
        assertThat(pruned.nonZeroWeights()).isEqualTo(4);
        assertThat(net.nonZeroWeights()).as("the input network is left as it was").isEqualTo(8);
    }

    @Test
    void structuredPruningRemovesAUnitThatContributesNothingWithoutChangingAnAnswer() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        DenseNetwork trained = task.network();
        // silence hidden unit 5 of the first layer: zero its weights into the second layer
        DenseNetwork.Layer second = trained.layers().get(1);
        float[] w = second.weights().clone();
        for (int k = 0; k < second.outputs(); k++) {
            w[k * second.inputs() + 5] = 0f;
        }
        DenseNetwork silenced = new DenseNetwork(List.of(trained.layers().get(0),
                new DenseNetwork.Layer(second.inputs(), second.outputs(), w, second.bias()), trained.layers().get(2)),
                trained.activation(), true);

        DenseNetwork pruned = Pruning.structured(silenced, 1.0 / 64);
        assertThat(pruned.hiddenLayers()).containsExactly(63, 63);
        assertThat(pruned.layers().get(0).weights()).hasSize(12 * 63);
        float[][] before = silenced.predict(task.test());
        // the second layer lost its own weakest unit too, so compare a network that drops only unit 5
        DenseNetwork onlyFirst = new DenseNetwork(List.of(pruned.layers().get(0), dropInput(silenced.layers().get(1),
                5), silenced.layers().get(2)), silenced.activation(), true);
        float[][] after = onlyFirst.predict(task.test());
        for (int r = 0; r < before.length; r++) {
            assertThat(after[r]).containsExactly(before[r], within(1e-6f));
        }
    }

    @Test
    void structuredPruningShrinksEveryHiddenLayerAndKeepsAtLeastOneUnit() {
        DenseNetwork net = TrainedNetworks.classifier().network();
        assertThat(Pruning.structured(net, 0.8).hiddenLayers()).containsExactly(13, 13);
        assertThat(Pruning.structured(net, 0.8).parameterCount()).isLessThan(net.parameterCount() / 5);
        assertThat(Pruning.structured(net, 0.999).hiddenLayers()).containsExactly(1, 1);
    }

    @Test
    void fineTuningAfterStructuredPruningWinsBackTheAccuracy() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        double original = accuracy(task.network(), task);
        DenseNetwork pruned = Pruning.structured(task.network(), 0.75);
        double prunedOnly = accuracy(pruned, task);
        double fineTuned = accuracy(fineTune(task, pruned, 10), task);
        assertThat(prunedOnly).as("pruning alone costs accuracy").isLessThan(original - 0.02);
        assertThat(fineTuned).as("fine-tuned 16-16 network against the 64-64 one").isGreaterThan(original - 0.03);
    }

    @Test
    void fineTuningKeepsPrunedWeightsAtZero() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        DenseNetwork pruned = Pruning.unstructured(task.network(), 0.8);
        DenseNetwork after = fineTune(task, pruned, 3);
        for (int l = 0; l < after.layers().size(); l++) {
            float[] before = pruned.layers().get(l).weights();
            float[] now = after.layers().get(l).weights();
            int moved = 0;
            for (int k = 0; k < now.length; k++) {
                if (before[k] == 0f) {
                    assertThat(now[k]).as("layer %d weight %d", l, k).isZero();
                } else {
                    moved += now[k] != before[k] ? 1 : 0;
                }
            }
            assertThat(moved).as("layer %d's kept weights learn", l).isPositive();
        }
    }

    @Test
    void pruningInStepsWithFineTuningReaches80PerCentSparsityAtTheOriginalAccuracy() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        double original = accuracy(task.network(), task);
        double oneShot = accuracy(Pruning.unstructured(task.network(), 0.8), task);
        DenseNetwork iterated = Pruning.iterative(task.network(), 0.8, 3, false,
                (pruned, step) -> fineTune(task, pruned, 4));
        assertThat((double) iterated.nonZeroWeights() / iterated.weightCount()).isCloseTo(0.2, within(0.01));
        assertThat(oneShot).as("80% at once, without fine-tuning").isLessThan(original - 0.05);
        assertThat(accuracy(iterated, task)).isGreaterThan(original - 0.03);

        DenseNetwork units = Pruning.iterative(task.network(), 0.75, 3, true,
                (pruned, step) -> fineTune(task, pruned, 4));
        assertThat(units.hiddenLayers()).containsExactly(16, 16);
        assertThat(accuracy(units, task)).isGreaterThan(original - 0.03);
    }

    private static DenseNetwork fineTune(TrainedNetworks.Task task, DenseNetwork pruned, int epochs) {
        MlpConfig cfg = task.config().withHiddenLayers(pruned.hiddenLayers()).withEpochs(epochs);
        TrainingResult tuned = MlpTrainer.fineTuneClassifier(pruned, task.train(), task.trainClasses(),
                task.validation(), task.validationClasses(), cfg, null);
        try (MlpModel model = MlpModel.loadClassifier(tuned.parameters(), TrainedNetworks.FEATURES,
                TrainedNetworks.CLASSES, cfg)) {
            return model.dense();
        }
    }

    @Test
    void theScheduleRisesCubicallyToItsTarget() {
        assertThat(Pruning.scheduledSparsity(0.8, 0, 3)).isZero();
        assertThat(Pruning.scheduledSparsity(0.8, 1, 3)).isCloseTo(0.8 * (1 - 8.0 / 27), within(1e-12));
        assertThat(Pruning.scheduledSparsity(0.8, 3, 3)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void impossibleTargetsAreRefused() {
        DenseNetwork net = TrainedNetworks.classifier().network();
        assertThatThrownBy(() -> Pruning.unstructured(net, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsity must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> Pruning.structured(net, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction must be in [0, 1)");
        assertThatThrownBy(() -> Pruning.structured(net, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlpTrainer.fineTuneClassifier(Pruning.structured(net, 0.5), new float[][] {{1}},
                new int[] {0}, new float[][] {{1}}, new int[] {0}, TrainedNetworks.classifier().config(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start network has [32, 32]");
    }

    private static DenseNetwork.Layer dropInput(DenseNetwork.Layer layer, int input) {
        int n = layer.inputs() - 1;
        float[] w = new float[layer.outputs() * n];
        for (int j = 0; j < layer.outputs(); j++) {
            for (int i = 0, k = 0; i < layer.inputs(); i++) {
                if (i != input) {
                    w[j * n + k++] = layer.weight(j, i);
                }
            }
        }
        return new DenseNetwork.Layer(n, layer.outputs(), w, layer.bias());
    }

    static double accuracy(DenseNetwork network, TrainedNetworks.Task task) {
        float[][] p = network.predict(task.test());
        int correct = 0;
        for (int r = 0; r < p.length; r++) {
            correct += Int8NetworkTest.argMax(p[r]) == task.testClasses()[r] ? 1 : 0;
        }
        return (double) correct / p.length;
    }
}
