package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.PassportReport;
import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The passport's parts on a trained classifier whose label depends on two numeric columns ({@code c} and {@code
 * e}) of six, beside a categorical {@code colour} and a {@code Sex} column the label ignores: what each part
 * measures, over the columns a user knows, and what the gate makes of it.
 */
class PassportTest {

    static final List<String> COLUMNS = List.of("a", "b", "c", "d", "e", "f", "colour", "Sex", "label");
    static FittedTransform transform;
    static Networks networks;
    static Passport.Inputs inputs;
    static EvaluationReport evaluation;

    @BeforeAll
    static void train() {
        DataTable train = table(1200, 1);
        DataTable validation = table(300, 2);
        DataTable test = table(300, 3);
        transform = FittedTransform.fit(train, "label", Task.CLASSIFICATION, 20);
        float[][] x = transform.transform(train);
        int[] y = transform.encodeClasses(train);
        MlpConfig cfg = new MlpConfig(List.of(16), Activation.TANH, 0, 1e-4, 0.01, null, 32, 40, 40, 1);
        TrainingResult trained = MlpTrainer.trainClassifier(x, y, x, y, 2, cfg, null);
        DenseNetwork net;
        try (MlpModel model = MlpModel.loadClassifier(trained.parameters(), x[0].length, 2, cfg)) {
            net = model.dense();
        }
        networks = Networks.of(net);
        inputs = new Passport.Inputs(transform, net::predict, networks, train, validation, test, 7, () -> { });
        int[] truth = transform.encodeClasses(test);
        ClassificationMetrics m = ClassificationMetrics.compute(truth, net.predict(transform.transform(test)),
                transform.classLabels());
        evaluation = new EvaluationReport(Task.CLASSIFICATION, Map.of("accuracy", m.accuracy()), m.labels(),
                m.confusionMatrix(), truth.length, Map.of(), 0.95, 0, null);
    }

    static DataTable table(int n, long seed) {
        Random random = new Random(seed);
        List<String[]> rows = new ArrayList<>();
        String[] colours = {"red", "green", "blue"};
        for (int r = 0; r < n; r++) {
            double[] v = new double[6];
            String[] row = new String[9];
            for (int i = 0; i < 6; i++) {
                v[i] = random.nextGaussian();
                row[i] = Double.toString(v[i]);
            }
            row[6] = colours[random.nextInt(3)];
            row[7] = random.nextBoolean() ? "F" : "M";
            row[8] = v[2] - v[4] > 0 ? "yes" : "no";
            rows.add(row);
        }
        return DataTable.fromRows(COLUMNS, rows);
    }

    @Test
    void explanationsRankTheTwoColumnsTheLabelDependsOnFirstAndShapAddsUpToThePrediction() {
        PassportReport p = Passport.explanations(inputs, Passport.Sizes.DEFAULT);
        var e = p.explanations();
        assertThat(e.columns()).containsExactly("a", "b", "c", "d", "e", "f", "colour", "Sex");
        assertThat(e.importance().subList(0, 2)).extracting(PermutationImportance.Importance::column)
                .containsExactlyInAnyOrder("c", "e");
        assertThat(top2(e.columns(), e.meanAbsShap())).containsExactlyInAnyOrder("c", "e");
        assertThat(top2(e.columns(), e.meanAbsGradients())).containsExactlyInAnyOrder("c", "e");
        assertThat(e.output()).isEqualTo("probability of 'yes'");
        for (PassportReport.RowAttribution row : e.shap()) {
            double sum = row.values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(sum).isCloseTo(row.prediction() - row.baseline(), within(1e-6));
        }
        // Integrated gradients' completeness, from the mean background row, within the path sum's error.
        for (PassportReport.RowAttribution row : e.gradients()) {
            double sum = row.values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(sum).isCloseTo(row.prediction() - row.baseline(), within(0.02));
        }
        assertThat(e.shap()).hasSize(20);
        assertThat(e.background()).hasNumberOfRows(50);
        assertThat(p.samples()).containsEntry("importance_rows", 300).containsEntry("explained_rows", 20);
    }

    @Test
    void robustnessCurvesNeverRiseAndPgdIsAtLeastAsStrongAsFgsmOnTheNumericColumns() {
        PassportReport p = Passport.robustness(inputs, Passport.Sizes.DEFAULT);
        var r = p.robustness();
        assertThat(r.attackableColumns()).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(r.curves()).extracting(Attacks.Curve::norm).containsExactly(Attacks.Norm.LINF, Attacks.Norm.L2);
        for (Attacks.Curve curve : r.curves()) {
            double previous = curve.cleanAccuracy();
            for (Attacks.Point point : curve.points()) {
                assertThat(point.pgdAccuracy()).isLessThanOrEqualTo(point.fgsmAccuracy());
                assertThat(point.pgdAccuracy()).isLessThanOrEqualTo(previous);
                previous = point.pgdAccuracy();
            }
        }
        // The label flips when c - e crosses 0: moving both by 1 standard deviation breaks most rows.
        assertThat(r.halvingEpsilon()).isNotNull().isLessThanOrEqualTo(1.0);
        assertThat(r.extraction().checkpoints()).isNotEmpty();
        assertThat(r.extraction().checkpoints().getLast().queries()).isEqualTo(5000);
    }

    @Test
    void dataPartMeasuresASuggestedSensitiveColumnWithAWarningAndABaselinePerInput() {
        PassportReport p = Passport.data(inputs, List.of(), null);
        assertThat(p.warnings()).anyMatch(w -> w.contains("'Sex' looks like a protected attribute"));
        assertThat(p.fairness()).singleElement().satisfies(f -> {
            assertThat(f.column()).isEqualTo("Sex");
            assertThat(f.named()).isFalse();
            assertThat(f.report().groups()).extracting(Fairness.Group::name).containsExactlyInAnyOrder("F", "M");
            assertThat(f.report().positive()).isEqualTo("yes");
        });
        assertThat(p.drift().inputs()).extracting(DriftBaseline::column)
                .containsExactly("a", "b", "c", "d", "e", "f", "colour", "Sex");
        assertThat(p.drift().output().categories()).containsExactlyInAnyOrder("yes", "no");

        PassportReport named = Passport.data(inputs, List.of("colour"), "no");
        assertThat(named.fairness()).extracting(PassportReport.FairnessSection::column).containsExactly("colour", "Sex");
        assertThat(named.fairness().get(0).named()).isTrue();
        assertThat(named.fairness().get(0).report().positive()).isEqualTo("no");

        assertThatThrownBy(() -> Passport.data(inputs, List.of("zip"), null))
                .hasMessageContaining("validation.sensitiveColumns names 'zip'");
        assertThatThrownBy(() -> Passport.data(inputs, List.of(), "maybe"))
                .hasMessageContaining("'maybe' is not a class");
    }

    @Test
    void performanceGivesPerClassRatesAndCalibration() {
        PassportReport p = Passport.performance(inputs, evaluation);
        assertThat(p.metrics().perClass()).extracting(PassportReport.PerClass::label).containsExactly("no", "yes");
        long support = p.metrics().perClass().stream().mapToLong(PassportReport.PerClass::support).sum();
        assertThat(support).isEqualTo(300);
        assertThat(p.calibration().test().bins()).hasSize(Calibration.BINS);
        assertThat(p.calibration().temperature()).isPositive();
        assertThat(p.calibration().scalingHelps()).isEqualTo(p.calibration().scaled().expectedCalibrationError()
                < p.calibration().test().expectedCalibrationError());
    }

    /** Precision and recall per class from a known confusion matrix (rows: true class; columns: predicted). */
    @Test
    void perClassPrecisionAndRecallAreTheConfusionMatrixsOwn() {
        EvaluationReport known = new EvaluationReport(Task.CLASSIFICATION, Map.of("accuracy", 0.85), List.of("no", "yes"),
                new long[][] {{50, 10}, {5, 35}}, 100, Map.of(), 0.95, 0, null);
        List<PassportReport.PerClass> perClass = Passport.performance(inputs, known).metrics().perClass();
        assertThat(perClass.get(0).precision()).isCloseTo(50.0 / 55, within(1e-12));
        assertThat(perClass.get(0).recall()).isCloseTo(50.0 / 60, within(1e-12));
        assertThat(perClass.get(0).support()).isEqualTo(60);
        assertThat(perClass.get(1).precision()).isCloseTo(35.0 / 45, within(1e-12));
        assertThat(perClass.get(1).recall()).isCloseTo(35.0 / 40, within(1e-12));
        assertThat(perClass.get(1).support()).isEqualTo(40);
    }

    @Test
    void theGateFailsOnEachLimitItCannotMeetOrCannotCheckAndPassesOtherwise() {
        PassportReport merged = Passport.performance(inputs, evaluation)
                .merge(Passport.robustness(inputs, Passport.Sizes.DEFAULT))
                .merge(Passport.data(inputs, List.of("Sex"), null));
        double accuracy = merged.metrics().metrics().get("accuracy");

        assertThat(GatePolicy.defaults().judge(merged).passed()).isTrue();
        assertThat(GatePolicy.defaults().judge(merged).checks()).isEmpty();

        PassportReport.Gate floor = new GatePolicy(Map.of("accuracy", accuracy + 0.01), 1, null, null, null, null)
                .judge(merged);
        assertThat(floor.passed()).isFalse();
        assertThat(floor.reasons()).singleElement().asString().contains("breaks the floor");

        PassportReport.Gate unknown = new GatePolicy(Map.of("rmse", 1.0), 1, null, null, null, null).judge(merged);
        assertThat(unknown.reasons()).singleElement().asString().contains("no such test metric");

        PassportReport.Gate robust = new GatePolicy(Map.of(), 1, 5.0, null, null, null).judge(merged);
        assertThat(robust.reasons()).singleElement().asString().contains("below the floor of 5.0");

        PassportReport.Gate lenient = new GatePolicy(Map.of("accuracy", accuracy - 0.01), 1, 0.01, 1.0,
                0.0, 1.0).judge(merged);
        assertThat(lenient.reasons()).isEmpty();
        assertThat(lenient.checks()).extracting(PassportReport.Check::name).containsExactly("metric accuracy",
                "robustness", "fairness Sex parity", "fairness Sex impact", "calibration");

        // A column whose name suggests it is measured, but only the columns the run names are gated on.
        PassportReport suggestedOnly = Passport.performance(inputs, evaluation).merge(Passport.data(inputs, List.of(),
                null));
        assertThat(suggestedOnly.fairness()).extracting(PassportReport.FairnessSection::column).containsExactly("Sex");
        assertThat(new GatePolicy(Map.of(), 1, null, 0.1, null, null).judge(suggestedOnly).reasons())
                .singleElement().asString().contains("no sensitive column named in validation.sensitiveColumns");
    }

    @Test
    void theChampionCheckFailsWhenTheNewVersionIsSignificantlyWorseOrBeyondTheMargin() {
        int n = 400;
        int[] truth = new int[n];
        int[] champion = truth.clone();
        int[] worse = truth.clone();
        for (int r = 0; r < 40; r++) {
            worse[r] = 1; // 10 points lower, 40 discordant rows all the champion's
        }
        PassportReport base = Passport.performance(inputs, evaluation);
        PassportReport against = base.merge(PassportReport.empty(Task.CLASSIFICATION, n).withChampion(
                new PassportReport.ChampionSection("production", 3,
                        ChampionChallenger.compare(truth, champion, worse, 1), null, null)));
        PassportReport.Gate gate = GatePolicy.defaults().judge(against);
        assertThat(gate.passed()).isFalse();
        assertThat(gate.reasons()).singleElement().asString()
                .contains("version 3 ('production')").contains("significantly worse").contains("more than 1.00 points");

        PassportReport equal = base.merge(PassportReport.empty(Task.CLASSIFICATION, n).withChampion(
                new PassportReport.ChampionSection("production", 3,
                        ChampionChallenger.compare(truth, champion, champion.clone(), 1), null, null)));
        assertThat(GatePolicy.defaults().judge(equal).passed()).isTrue();
    }

    /** Each condition fails the gate alone: a loss beyond the margin that chance explains, and a small sure one. */
    @Test
    void theChampionCheckFailsOnTheMarginAloneAndOnSignificanceAlone() {
        // 50 rows, the challenger wrong on 2 the champion gets right: 4 points lower, McNemar p = 0.5.
        int[] truth = new int[50];
        int[] worse = truth.clone();
        worse[0] = 1;
        worse[1] = 1;
        PassportReport.Gate margin = GatePolicy.defaults().judge(champion(Task.CLASSIFICATION, new PassportReport
                .ChampionSection("production", 3, ChampionChallenger.compare(truth, truth.clone(), worse, 1), null,
                null)));
        assertThat(margin.passed()).isFalse();
        assertThat(margin.reasons()).singleElement().asString().contains("more than 1.00 points lower")
                .doesNotContain("significantly worse");
        assertThat(new GatePolicy(Map.of(), 5, null, null, null, null).judge(champion(Task.CLASSIFICATION,
                new PassportReport.ChampionSection("production", 3, ChampionChallenger.compare(truth, truth.clone(),
                        worse, 1), null, null))).passed()).as("within a 5-point margin").isTrue();

        // 100,000 rows, 900 rows only the champion gets right and 700 only the challenger: 0.2 points lower, but
        // McNemar's chi-square is 24.8 (p < 1e-6).
        int n = 100_000;
        int[] big = new int[n];
        int[] champion = big.clone();
        int[] challenger = big.clone();
        for (int r = 0; r < 900; r++) {
            challenger[r] = 1;
        }
        for (int r = 900; r < 1600; r++) {
            champion[r] = 1;
        }
        PassportReport.Gate sure = GatePolicy.defaults().judge(champion(Task.CLASSIFICATION, new PassportReport
                .ChampionSection("champion", 2, ChampionChallenger.compare(big, champion, challenger, 1), null, null)));
        assertThat(sure.passed()).isFalse();
        assertThat(sure.reasons()).singleElement().asString().contains("-0.20 points").contains("significantly worse")
                .doesNotContain("more than");
    }

    /** A regressor's RMSE may exceed the champion's by the margin in percent, no more. */
    @Test
    void aRegressorsChampionCheckHoldsItsRmseWithinTheMarginInPercent() {
        Random random = new Random(5);
        int n = 2000;
        double[] truth = new double[n];
        double[] champion = new double[n];
        double[] close = new double[n];
        double[] worse = new double[n];
        for (int r = 0; r < n; r++) {
            truth[r] = random.nextGaussian();
            double error = random.nextGaussian();
            champion[r] = truth[r] + error;
            close[r] = truth[r] + error * (r % 2 == 0 ? 1.01 : 0.99); // as good, better on half the rows
            worse[r] = truth[r] + error * 1.10; // 10% higher, on every row
        }
        PassportReport.Gate within = GatePolicy.defaults().judge(champion(Task.REGRESSION, new PassportReport
                .ChampionSection("production", 4, null, ChampionChallenger.compareRegression(truth, champion, close, 1),
                null)));
        assertThat(within.passed()).as(within.toString()).isTrue();
        assertThat(GatePolicy.defaults().judge(champion(Task.REGRESSION, new PassportReport.ChampionSection(
                "production", 4, null, ChampionChallenger.compareRegression(truth, champion, champion.clone(), 1),
                null))).passed()).as("the same predictions").isTrue();
        PassportReport.Gate beyond = GatePolicy.defaults().judge(champion(Task.REGRESSION, new PassportReport
                .ChampionSection("production", 4, null, ChampionChallenger.compareRegression(truth, champion, worse, 1),
                null)));
        assertThat(beyond.passed()).isFalse();
        assertThat(beyond.reasons()).singleElement().asString().contains("+10.00%").contains("more than 1.00% higher")
                .contains("significantly worse");
    }

    private static PassportReport champion(Task task, PassportReport.ChampionSection section) {
        return PassportReport.empty(task, 100).withChampion(section);
    }

    /**
     * Kamiran and Calders' known answer: weighted, every group of the column has the same share of each class as
     * the rows as a whole, over two tables taken together (a run's training and validation splits).
     */
    @Test
    void reweighingGivesEveryGroupTheOverallClassSharesAcrossTables() {
        DataTable a = table(200, 11);
        DataTable b = table(100, 12);
        int[] first = transform.encodeClasses(a);
        int[] second = transform.encodeClasses(b);
        int[] classes = java.util.stream.IntStream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
                .toArray();
        for (String column : List.of("Sex", "colour", "a")) {
            float[] weights = Passport.reweighing(List.of(a, b), column, classes);
            double overall = java.util.Arrays.stream(classes).filter(c -> c == 1).count() / (double) classes.length;
            java.util.Map<String, double[]> byGroup = new java.util.HashMap<>();
            for (int r = 0; r < classes.length; r++) {
                DataTable t = r < first.length ? a : b;
                int row = r < first.length ? r : r - first.length;
                String g = column.equals("a") ? (t.column("a") instanceof dev.hone.ml.data.NumericColumn n
                        && n.get(row) < median(a, b) ? "low" : "high") : t.text(row, t.columnIndex(column));
                double[] sums = byGroup.computeIfAbsent(g, k -> new double[2]);
                sums[0] += weights[r];
                sums[1] += classes[r] == 1 ? weights[r] : 0;
            }
            byGroup.forEach((g, sums) -> assertThat(sums[1] / sums[0]).as("%s %s", column, g)
                    .isCloseTo(overall, within(1e-5)));
        }
        assertThatThrownBy(() -> Passport.reweighing(List.of(a), "zip", first))
                .hasMessageContaining("validation.sensitiveColumns names 'zip'");
    }

    private static double median(DataTable a, DataTable b) {
        double[] all = java.util.stream.DoubleStream.concat(
                java.util.Arrays.stream(((dev.hone.ml.data.NumericColumn) a.column("a")).values()),
                java.util.Arrays.stream(((dev.hone.ml.data.NumericColumn) b.column("a")).values())).sorted().toArray();
        return all[all.length / 2];
    }

    @Test
    void namesSuggestSensitiveColumnsAsWholeWords() {
        assertThat(Passport.suggestsSensitive("Sex")).isTrue();
        assertThat(Passport.suggestsSensitive("age_group")).isTrue();
        assertThat(Passport.suggestsSensitive("RaceCode")).isTrue();
        assertThat(Passport.suggestsSensitive("page_views")).isFalse();
        assertThat(Passport.suggestsSensitive("average")).isFalse();
    }

    private static List<String> top2(List<String> columns, List<Double> scores) {
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, scores.size()).boxed().toList());
        order.sort(java.util.Comparator.comparingDouble(i -> -scores.get(i)));
        return List.of(columns.get(order.get(0)), columns.get(order.get(1)));
    }
}
