package dev.hone.activities.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.deploy.ServingWindowService;
import dev.hone.registry.deploy.ServingWindowService.Totals;
import dev.hone.workflows.rollout.Analysis;
import dev.hone.workflows.rollout.RolloutPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known answers of a step's analysis: each rule alone, the inconclusive case, and a step with no stable traffic. */
class RolloutAnalysisTest {

    private static final RolloutPolicy POLICY = new RolloutPolicy(0.01, 1.5, 0.25, 50, 3, true, 0.02, 0.1, 20);

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
        assertThat(shifted.reasons()).singleElement().asString().startsWith("predicted labels shifted");
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
