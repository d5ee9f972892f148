package dev.hone.activities.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.report.PassportReport.DriftSection;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.registry.deploy.ServingWindowService;
import dev.hone.registry.deploy.ServingWindowService.Bins;
import dev.hone.registry.deploy.ServingWindowService.Totals;
import dev.hone.workflows.rollout.Analysis;
import dev.hone.workflows.rollout.RolloutPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known answers of a step's analysis: each rule alone, the inconclusive case, and a step with no stable traffic. */
class RolloutAnalysisTest {

    private static final RolloutPolicy POLICY = new RolloutPolicy(0.01, 1.5, 0.25, 50, 3, true, 0.02, 0.1, 20, 0.25);

    /** {@code answered} requests all in the latency bucket of {@code millis}, plus {@code errors}. */
    private static Totals totals(long answered, long errors, double millis, Map<String, Long> labels) {
        long[] latency = new long[ServingWindowService.LATENCY_BOUNDS_MILLIS.length + 1];
        int b = 0;
        while (b < ServingWindowService.LATENCY_BOUNDS_MILLIS.length && millis > ServingWindowService.LATENCY_BOUNDS_MILLIS[b]) {
            b++;
        }
        latency[b] = answered;
        return new Totals(answered + errors, errors, latency, labels);
    }

    private static final Map<String, Long> EVEN = Map.of("a", 50L, "b", 50L);

    @Test
    void aCanaryLikeTheStableVersionPasses() {
        Analysis a = RolloutAnalysis.judge(totals(100, 0, 0.8, EVEN), totals(900, 1, 0.9, Map.of("a", 460L, "b", 440L)),
                POLICY);
        assertThat(a.passed()).isTrue();
        assertThat(a.conclusive()).isTrue();
        assertThat(a.canaryP95Millis()).isEqualTo(1.0);
        assertThat(a.labelPsi()).isLessThan(0.01);
    }

    @Test
    void eachRuleFailsAloneAndSaysWhy() {
        Totals stable = totals(900, 0, 0.9, EVEN);
        Analysis errors = RolloutAnalysis.judge(totals(95, 5, 0.9, EVEN), stable, POLICY);
        assertThat(errors.passed()).isFalse();
        assertThat(errors.reasons()).containsExactly(
                "error rate 5.00% against the stable version's 0.00% (at most 1.00 points more)");

        Analysis slow = RolloutAnalysis.judge(totals(100, 0, 15, EVEN), stable, POLICY);
        assertThat(slow.reasons()).containsExactly("p95 latency 20.0 ms against the stable version's 1.0 ms (at most "
                + "1.50x)");
        Analysis slightlySlower = RolloutAnalysis.judge(totals(100, 0, 1.5, EVEN), stable, POLICY);
        assertThat(slightlySlower.passed()).as("2 ms against 1 ms is within the margin").isTrue();

        Analysis shifted = RolloutAnalysis.judge(totals(100, 0, 0.9, Map.of("a", 95L, "b", 5L)), stable, POLICY);
        assertThat(shifted.reasons()).singleElement().asString()
                .startsWith("predictions shifted from the stable version");
        assertThat(shifted.labelPsi()).isGreaterThan(0.25);
    }

    @Test
    void labelledFeedbackComparesAccuracyOrRmseOnceBothVersionsHaveEnough() {
        Totals stable = new Totals(900, 0, totals(900, 0, 0.9, EVEN).latency(), EVEN, 100, 95, 0);
        Totals worse = new Totals(100, 0, totals(100, 0, 0.9, EVEN).latency(), EVEN, 40, 30, 0);
        Analysis a = RolloutAnalysis.judge(worse, stable, POLICY);
        assertThat(a.reasons()).containsExactly("accuracy on 40 labelled predictions 75.0% against the stable "
                + "version's 95.0% on 100 (at most 2.0 points lower)");
        assertThat(a.canaryAccuracy()).isEqualTo(0.75);

        Totals little = new Totals(100, 0, totals(100, 0, 0.9, EVEN).latency(), EVEN, 5, 0, 0);
        Analysis unjudged = RolloutAnalysis.judge(little, stable, POLICY);
        assertThat(unjudged.passed()).as("5 labelled predictions are too few to judge").isTrue();
        assertThat(unjudged.canaryAccuracy()).isNaN();

        long[] fast = totals(100, 0, 0.9, Map.of()).latency();
        Analysis regression = RolloutAnalysis.judge(new Totals(100, 0, fast, Map.of(), 25, 0, 25 * 4.0),
                new Totals(900, 0, fast, Map.of(), 25, 0, 25 * 1.0), POLICY);
        assertThat(regression.canaryRmse()).isEqualTo(2.0);
        assertThat(regression.reasons()).containsExactly("RMSE on 25 labelled predictions 2.000 against the stable "
                + "version's 1.000 on 25 (at most 10% higher)");
    }

    private static final DriftSection PASSPORT = new DriftSection(
            List.of(new DriftBaseline("x", true, List.of(1.0, 2.0, 3.0), List.of(),
                    List.of(0.25, 0.25, 0.25, 0.25, 0.0))),
            new DriftBaseline("prediction", false, List.of(), List.of("a", "b"), List.of(0.5, 0.5, 0.0, 0.0)));

    /** A classifier's totals with its rows counted in the passport's bins. */
    private static Totals binned(long[] output, long[] x) {
        Totals t = totals(100, 0, 0.9, Map.of("a", output[0], "b", output[1]));
        return new Totals(t.requests(), 0, t.latency(), t.labels(), 0, 0, 0,
                new Bins(7, 100, output, Map.of("x", x)));
    }

    @Test
    void predictionsUnlikeThePassportsFailWhileTheInputsAreLikeItsTrainingRows() {
        long[] evenX = {25, 25, 25, 25, 0};
        Totals stable = totals(900, 0, 0.9, Map.of("a", 850L, "b", 50L));
        Analysis unlike = RolloutAnalysis.judge(binned(new long[] {95, 5, 0, 0}, evenX), stable, PASSPORT, POLICY);
        assertThat(unlike.passed()).isFalse();
        assertThat(unlike.passportPsi()).isGreaterThan(0.25);
        assertThat(unlike.inputPsi()).isZero();
        assertThat(unlike.inputPsiColumn()).isEqualTo("x");
        assertThat(unlike.reasons()).singleElement().asString()
                .startsWith("predictions shifted from the canary's passport (its predictions for its training rows) "
                        + "while its inputs did not (most shifted column 'x', PSI 0.000)");

        Analysis shiftedInputs = RolloutAnalysis.judge(binned(new long[] {95, 5, 0, 0}, new long[] {0, 0, 0, 100, 0}),
                stable, PASSPORT, POLICY);
        assertThat(shiftedInputs.passed()).as("the traffic moved, and the stable version answers it alike").isTrue();
        assertThat(shiftedInputs.inputPsi()).isGreaterThan(0.25);

        Analysis like = RolloutAnalysis.judge(binned(new long[] {52, 48, 0, 0}, evenX),
                totals(900, 0, 0.9, Map.of("a", 460L, "b", 440L)), PASSPORT, POLICY);
        assertThat(like.passed()).isTrue();
        assertThat(like.passportPsi()).isLessThan(0.01);

        Analysis noPassport = RolloutAnalysis.judge(binned(new long[] {95, 5, 0, 0}, evenX), stable, null, POLICY);
        assertThat(noPassport.passed()).isTrue();
        assertThat(noPassport.passportPsi()).isNaN();
    }

    @Test
    void aRegressorsValuesAreComparedWithTheStableVersionsInThePassportsBins() {
        long[] fast = totals(100, 0, 0.9, Map.of()).latency();
        long[] x = {25, 25, 25, 25, 0};
        Totals canary = new Totals(100, 0, fast, Map.of(), 0, 0, 0, new Bins(7, 100, new long[] {10, 10, 10, 70, 0},
                Map.of("x", x)));
        Totals stable = new Totals(900, 0, fast, Map.of(), 0, 0, 0, new Bins(7, 900, new long[] {225, 225, 225, 225, 0},
                Map.of("x", x)));
        DriftSection regression = new DriftSection(PASSPORT.inputs(),
                new DriftBaseline("prediction", true, List.of(1.0, 2.0, 3.0), List.of(), List.of(0.25, 0.25, 0.25, 0.25,
                        0.0)));
        Analysis a = RolloutAnalysis.judge(canary, stable, regression,
                new RolloutPolicy(0.01, 1.5, 0.25, 50, 3, true, 0.02, 0.1, 20, 100.0));
        assertThat(a.labelPsi()).isGreaterThan(0.25);
        assertThat(a.reasons()).singleElement().asString().startsWith("predictions shifted from the stable version's");
    }

    @Test
    void tooFewCanaryRequestsAreInconclusiveAndAFullStepIsHeldAgainstZeroErrors() {
        Analysis few = RolloutAnalysis.judge(totals(10, 0, 0.9, EVEN), totals(900, 0, 0.9, EVEN), POLICY);
        assertThat(few.conclusive()).isFalse();
        assertThat(few.reasons()).containsExactly("the canary answered 10 requests; the analysis needs 50");

        Analysis alone = RolloutAnalysis.judge(totals(100, 0, 30, Map.of("a", 100L)), totals(0, 0, 0, Map.of()), POLICY);
        assertThat(alone.passed()).as("no stable traffic to compare latency or labels with").isTrue();
        Analysis failing = RolloutAnalysis.judge(totals(90, 10, 0.9, EVEN), totals(0, 0, 0, Map.of()), POLICY);
        assertThat(failing.reasons()).containsExactly(
                "error rate 10.00% against a baseline of 0.00% (at most 1.00 points more)");
    }
}
