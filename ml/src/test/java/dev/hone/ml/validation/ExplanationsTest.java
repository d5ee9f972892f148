package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * On a trained network whose label depends on two of six columns, every explanation ranks those two first:
 * permutation importance, mean |KernelSHAP| and mean |integrated gradients|.
 */
class ExplanationsTest {

    @Test
    void theTwoColumnsTheLabelDependsOnRankFirstByEveryMethod() {
        Random random = new Random(8);
        int n = 800;
        float[][] x = new float[n][6];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < 6; i++) {
                x[r][i] = (float) random.nextGaussian();
            }
            y[r] = x[r][2] - x[r][4] > 0 ? 1 : 0; // columns c and e
        }
        MlpConfig cfg = new MlpConfig(List.of(16), Activation.TANH, 0, 1e-4, 0.01, null, 32, 40, 40, 1);
        TrainingResult trained = MlpTrainer.trainClassifier(x, y, x, y, 2, cfg, null);
        DenseNetwork net;
        try (MlpModel model = MlpModel.loadClassifier(trained.parameters(), 6, 2, cfg)) {
            net = model.dense();
        }
        List<String> columns = List.of("a", "b", "c", "d", "e", "f");
        List<int[]> groups = IntStream.range(0, 6).mapToObj(i -> new int[] {i}).toList();
        float[][] test = java.util.Arrays.copyOf(x, 100);

        List<PermutationImportance.Importance> permutation = PermutationImportance.compute(test, columns, groups,
                rows -> accuracy(net, rows, y), true, 5, 3);
        assertThat(permutation.subList(0, 2)).extracting(PermutationImportance.Importance::column)
                .containsExactlyInAnyOrder("c", "e");

        float[][] background = java.util.Arrays.copyOfRange(x, 700, 730);
        double[] shap = new double[6];
        double[] ig = new double[6];
        float[] zero = new float[6];
        for (int r = 0; r < 30; r++) {
            double[] values = KernelShap.explain(test[r], background, groups,
                    rows -> probabilities(net, rows, 1), 1).values();
            double[] attributions = IntegratedGradients.attribute(Networks.of(net), test[r], zero, InputGradient.probability(1),
                    64);
            for (int i = 0; i < 6; i++) {
                shap[i] += Math.abs(values[i]);
                ig[i] += Math.abs(attributions[i]);
            }
        }
        assertThat(top2(shap)).containsExactlyInAnyOrder(2, 4);
        assertThat(top2(ig)).containsExactlyInAnyOrder(2, 4);
    }

    private static List<Integer> top2(double[] scores) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, scores.length).boxed().toList());
        order.sort(Comparator.comparingDouble(i -> -scores[i]));
        return order.subList(0, 2);
    }

    private static double[] probabilities(DenseNetwork net, float[][] rows, int c) {
        float[][] p = net.predict(rows);
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = p[r][c];
        }
        return out;
    }

    private static double accuracy(DenseNetwork net, float[][] rows, int[] labels) {
        float[][] p = net.predict(rows);
        int right = 0;
        for (int r = 0; r < rows.length; r++) {
            right += (p[r][1] > p[r][0] ? 1 : 0) == labels[r] ? 1 : 0;
        }
        return (double) right / rows.length;
    }
}
