package dev.hone.ml.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.data.DataTable;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FittedTransformTest {

    /*
     * num: present 1, 2, 10, 4 -> median 3; imputed 1, 2, 3, 10, 4 -> mean 4, population
     * variance (9 + 4 + 1 + 36 + 0) / 5 = 10, std sqrt(10).
     * color: red x2, blue x1, green x1, missing x1 -> most frequent red; with 2 slots, red and
     * blue (blue wins the tie with green by name), then "other".
     * constant: always 5 -> std 0 is replaced by 1, so the feature is always 0.
     */
    private static final DataTable TRAIN = DataTable.fromRows(
            List.of("num", "color", "constant", "y"),
            List.of(
                    new String[] {"1", "red", "5", "a"},
                    new String[] {"2", "blue", "5", "b"},
                    new String[] {null, "red", "5", "a"},
                    new String[] {"10", "green", "5", "b"},
                    new String[] {"4", null, "5", "a"}));

    private static final double SQRT10 = Math.sqrt(10);

    private static FittedTransform fitted() {
        return FittedTransform.fit(TRAIN, "y", Task.CLASSIFICATION, 2);
    }

    @Test
    void imputesStandardizesAndOneHotsWithCapAndOtherSlot() {
        FittedTransform t = fitted();

        assertThat(t.inputColumns()).containsExactly("num", "color", "constant");
        assertThat(t.featureNames()).containsExactly(
                "num", "color=red", "color=blue", "color=<other>", "constant");
        assertThat(t.featureCount()).isEqualTo(5);
        FittedTransform.ColumnTransform num = t.columnTransforms().get(0);
        assertThat(num.median()).isEqualTo(3.0);
        assertThat(num.mean()).isEqualTo(4.0);
        assertThat(num.std()).isCloseTo(SQRT10, within(1e-12));
        assertThat(t.columnTransforms().get(1).mostFrequent()).isEqualTo("red");
        assertThat(t.columnTransforms().get(2).std()).isEqualTo(1.0);

        float[][] x = t.transform(TRAIN);

        assertThat(x[0]).containsExactly(new float[] {(float) (-3 / SQRT10), 1, 0, 0, 0}, within(1e-6f));
        assertThat(x[1]).containsExactly(new float[] {(float) (-2 / SQRT10), 0, 1, 0, 0}, within(1e-6f));
        // missing number -> median 3
        assertThat(x[2]).containsExactly(new float[] {(float) (-1 / SQRT10), 1, 0, 0, 0}, within(1e-6f));
        // green did not get a slot of its own
        assertThat(x[3]).containsExactly(new float[] {(float) (6 / SQRT10), 0, 0, 1, 0}, within(1e-6f));
        // missing color -> red
        assertThat(x[4]).containsExactly(new float[] {0, 1, 0, 0, 0}, within(1e-6f));
    }

    @Test
    void featureGroupsFoldEveryFeatureBackIntoItsColumn() {
        // num -> 0; color -> red, blue, <other> at 1, 2, 3; constant -> 4
        assertThat(fitted().featureGroups()).containsExactly(new int[] {0}, new int[] {1, 2, 3}, new int[] {4});
    }

    @Test
    void mapsUnseenCategoryToOtherAndImputesAbsentKeys() {
        Map<String, String> unseen = new HashMap<>(Map.of("num", "4", "color", "purple"));
        Map<String, String> absent = new HashMap<>();
        absent.put("color", null);

        float[][] x = fitted().transform(List.of(unseen, absent));

        assertThat(x[0]).containsExactly(new float[] {0, 0, 0, 1, 0}, within(1e-6f));
        assertThat(x[1]).containsExactly(new float[] {(float) (-1 / SQRT10), 1, 0, 0, 0}, within(1e-6f));
    }

    @Test
    void rejectsTextInNumericColumnNamingColumnAndValue() {
        assertThatThrownBy(() -> fitted().transform(List.of(Map.of("num", "lots"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'num'")
                .hasMessageContaining("'lots'");
    }

    @Test
    void jsonRoundTripGivesIdenticalOutput() {
        FittedTransform original = fitted();

        byte[] json = original.toJson();
        FittedTransform restored = FittedTransform.fromJson(json);

        assertThat(restored.featureNames()).isEqualTo(original.featureNames());
        assertThat(restored.classLabels()).isEqualTo(original.classLabels());
        assertThat(restored.transform(TRAIN)).isDeepEqualTo(original.transform(TRAIN));
        assertThat(restored.toJson()).isEqualTo(json);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"version\":1");
    }

    @Test
    void encodesClassesInSortedLabelOrder() {
        DataTable t = DataTable.fromRows(List.of("x", "label"), List.of(
                new String[] {"1", "10"}, new String[] {"2", "2"}, new String[] {"3", "1"},
                new String[] {"4", "2"}));

        FittedTransform f = FittedTransform.fit(t, "label", Task.CLASSIFICATION, 20);

        // numeric labels sort as numbers, not as strings
        assertThat(f.classLabels()).containsExactly("1", "2", "10");
        assertThat(f.encodeClasses(t)).containsExactly(2, 1, 0, 1);
        DataTable unknown = DataTable.fromRows(List.of("x", "label"), List.<String[]>of(new String[] {"1", "7"}));
        assertThatThrownBy(() -> f.encodeClasses(unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'7'");
    }

    @Test
    void standardizesRegressionTargetAndDecodesIt() {
        DataTable t = DataTable.fromRows(List.of("x", "price"), List.of(
                new String[] {"1", "10"}, new String[] {"2", "20"}, new String[] {"3", "30"},
                new String[] {"4", "40"}, new String[] {"5", "50"}));

        FittedTransform f = FittedTransform.fit(t, "price", Task.REGRESSION, 20);

        // mean 30, population std sqrt((400 + 100 + 0 + 100 + 400) / 5) = sqrt(200)
        assertThat(f.targetMean()).isEqualTo(30.0);
        assertThat(f.targetStd()).isCloseTo(Math.sqrt(200), within(1e-12));
        assertThat(f.classLabels()).isEmpty();
        float[] z = f.encodeRegressionTarget(t);
        assertThat(z[0]).isCloseTo((float) (-20 / Math.sqrt(200)), within(1e-6f));
        assertThat(z[2]).isCloseTo(0f, within(1e-6f));
        assertThat(f.decodeRegression(z[4])).isCloseTo(50.0, within(1e-5));
    }
    @Test
    void quantileScalingMapsASkewedColumnToAStandardNormalAndBoundsOutliers() {
        // A heavily skewed column: 1, 2, 4, ..., 2^99 (and a missing value), with a label.
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new String[] {Double.toString(Math.pow(2, i)), i % 2 == 0 ? "a" : "b"});
        }
        rows.add(new String[] {null, "a"});
        DataTable t = DataTable.fromRows(List.of("x", "y"), rows);
        FittedTransform f = FittedTransform.fit(t, "y", Task.CLASSIFICATION, 20, NumericScaling.QUANTILE);

        float[][] x = f.transform(t);
        double mean = 0;
        double squares = 0;
        for (int r = 0; r < 100; r++) {
            mean += x[r][0] / 100.0;
            squares += x[r][0] * x[r][0] / 100.0;
            if (r > 0) {
                assertThat(x[r][0]).as("order kept").isGreaterThan(x[r - 1][0]);
            }
        }
        assertThat(mean).isCloseTo(0, within(1e-6));
        assertThat(Math.sqrt(squares)).as("spread of the scaled column").isBetween(0.9, 1.3);
        // the missing value takes the median (between 2^49 and 2^50: probability 0.5, so 0)
        assertThat(x[100][0]).isCloseTo(0f, within(1e-6f));
        // far outside the training range: bounded
        float[][] outside = f.transform(List.of(Map.of("x", "1e300"), Map.of("x", "-5")));
        assertThat(outside[0][0]).isEqualTo((float) FittedTransform.QUANTILE_CLIP);
        assertThat(outside[1][0]).isEqualTo((float) -FittedTransform.QUANTILE_CLIP);
        // the row path agrees with the table path
        assertThat(f.transform(List.of(Map.of("x", "1024")))[0][0]).isEqualTo(x[10][0]);

        FittedTransform back = FittedTransform.fromJson(f.toJson());
        assertThat(back.transform(t)).isDeepEqualTo(x);
        assertThat(new String(f.toJson(), StandardCharsets.UTF_8)).contains("\"version\":2");
        assertThat(new String(fitted().toJson(), StandardCharsets.UTF_8)).contains("\"version\":1");
    }

    @Test
    void theNormalQuantileFunctionIsAccurate() {
        assertThat(Quantiles.inverseNormal(0.5)).isCloseTo(0, within(1e-12));
        assertThat(Quantiles.inverseNormal(0.975)).isCloseTo(1.959963985, within(1e-8));
        assertThat(Quantiles.inverseNormal(0.01)).isCloseTo(-2.326347874, within(1e-8));
        assertThat(Quantiles.inverseNormal(1e-7)).isCloseTo(-5.199337582, within(1e-7));
        // tied references: a value equal to several takes the middle of their probabilities
        assertThat(Quantiles.toNormal(List.of(1.0, 2.0, 2.0, 2.0, 3.0), 2.0, 5.2)).isCloseTo(0, within(1e-12));
        assertThat(Quantiles.references(new double[] {1, 2, 3, 4, 5}, 3)).containsExactly(1.0, 3.0, 5.0);
    }
    @Test
    void piecewiseLinearEncodingGivesOneInputPerQuantileBin() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i <= 160; i++) {
            rows.add(new String[] {Integer.toString(i), "1", i % 2 == 0 ? "a" : "b"});
        }
        DataTable t = DataTable.fromRows(List.of("x", "constant", "y"), rows);
        FittedTransform f = FittedTransform.fit(t, "y", Task.CLASSIFICATION, 20, NumericScaling.PIECEWISE_LINEAR);

        // 0..160 cut at its 17 quantiles 0, 10, ..., 160: the standardized value and 16 bins; the constant
        // column stays one input.
        assertThat(f.featureNames()).hasSize(18).startsWith("x", "x#1", "x#2").endsWith("x#16", "constant");
        double std = f.columnTransforms().getFirst().std();
        float[] at25 = f.transform(List.of(Map.of("x", "25", "constant", "1")))[0];
        assertThat(at25[0]).isCloseTo((float) ((25 - 80) / std), within(1e-6f));
        assertThat(java.util.Arrays.copyOfRange(at25, 1, 5)).containsExactly(1f, 1f, 0.5f, 0f);
        assertThat(at25[17]).isEqualTo(0f);
        float[] outside = f.transform(List.of(Map.of("x", "1e9")))[0];
        assertThat(java.util.Arrays.copyOfRange(outside, 1, 17)).containsOnly(1f);
        assertThat(java.util.Arrays.copyOfRange(f.transform(List.of(Map.of("x", "-7")))[0], 1, 18)).containsOnly(0f);
        assertThat(FittedTransform.fromJson(f.toJson()).transform(t)).isDeepEqualTo(f.transform(t));
    }
}
