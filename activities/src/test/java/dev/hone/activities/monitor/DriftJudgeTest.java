package dev.hone.activities.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.report.PassportReport;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.registry.deploy.ServingWindowService.Bins;
import dev.hone.registry.deploy.ServingWindowService.Totals;
import dev.hone.registry.monitor.DriftMonitor;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.monitor.DriftVerdict;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Known answers for a drift check: traffic distributed like the passport is within, one column moved into other
 * bins breaches naming it with the PSI of the shares, too few rows is inconclusive, and accuracy on feedback far
 * below the test figure breaches.
 */
class DriftJudgeTest {

    /** A column with bins (-inf, 1], (1, 2], (2, 3], (3, inf), missing: a quarter each in the first four. */
    private static final DriftBaseline X = new DriftBaseline("x", true, List.of(1.0, 2.0, 3.0), List.of(),
            List.of(0.25, 0.25, 0.25, 0.25, 0.0));
    private static final DriftBaseline Y = new DriftBaseline("y", true, List.of(1.0, 2.0, 3.0), List.of(),
            List.of(0.25, 0.25, 0.25, 0.25, 0.0));
    /** Predicted classes a and b, half each ("other" and missing empty). */
    private static final DriftBaseline OUT = new DriftBaseline("prediction", false, List.of(), List.of("a", "b"),
            List.of(0.5, 0.5, 0.0, 0.0));

    private static PassportReport passport() {
        return new PassportReport(Task.CLASSIFICATION, 100, new PassportReport.MetricsSection(
                Map.of("accuracy", 0.9), Map.of(), List.of(), null), null, null, null, null, null, null,
                new PassportReport.DriftSection(List.of(X, Y), OUT), null, null, null, null);
    }

    private static DriftMonitor monitor() {
        DriftMonitor m = new DriftMonitor();
        m.minRows = 100;
        m.maxInputPsi = 0.25;
        m.maxOutputPsi = 0.25;
        m.maxAccuracyDrop = 0.05;
        m.minFeedback = 20;
        return m;
    }

    private static Totals served(long[] x, long[] y, long[] out, long feedback, long correct) {
        long rows = 0;
        for (long c : out) {
            rows += c;
        }
        Map<String, long[]> inputs = new TreeMap<>(Map.of("x", x, "y", y));
        return new Totals(rows, 0, new long[16], Map.of(), feedback, correct, 0, new Bins(7, rows, out, inputs));
    }

    @Test
    void trafficLikeThePassportIsWithin() {
        long[] even = {100, 100, 100, 100, 0};
        DriftJudge.Judgement j = DriftJudge.judge(served(even, even, new long[] {200, 200, 0, 0}, 0, 0), passport(),
                3, monitor());
        assertThat(j.verdict()).isEqualTo(DriftVerdict.WITHIN);
        assertThat(j.maxInputPsi()).isCloseTo(0, within(1e-9));
        assertThat(j.outputPsi()).isCloseTo(0, within(1e-9));
        assertThat(j.scores().inputs()).hasSize(2);
        assertThat(j.scores().inputs().getFirst().current()).containsExactly(0.25, 0.25, 0.25, 0.25, 0.0);
    }

    @Test
    void oneShiftedColumnBreachesNamingItWithItsPsi() {
        long[] even = {100, 100, 100, 100, 0};
        long[] shifted = {0, 0, 200, 200, 0};
        DriftJudge.Judgement j = DriftJudge.judge(served(even, shifted, new long[] {200, 200, 0, 0}, 0, 0),
                passport(), 3, monitor());
        // PSI = sum (a - e) ln(a / e) over bins, empty shares floored at 1e-4:
        double expected = 2 * (1e-4 - 0.25) * Math.log(1e-4 / 0.25) + 2 * (0.5 - 0.25) * Math.log(0.5 / 0.25);
        assertThat(j.verdict()).isEqualTo(DriftVerdict.BREACHED);
        assertThat(j.maxInputColumn()).isEqualTo("y");
        assertThat(j.maxInputPsi()).isCloseTo(expected, within(1e-3));
        assertThat(j.summary()).startsWith("1 input column(s) shifted beyond PSI 0.250: column 'y' PSI");
    }

    @Test
    void tooFewRowsIsInconclusiveAndNoPassportToo() {
        long[] few = {10, 10, 10, 10, 0};
        DriftJudge.Judgement j = DriftJudge.judge(served(few, few, new long[] {20, 20, 0, 0}, 0, 0), passport(), 3,
                monitor());
        assertThat(j.verdict()).isEqualTo(DriftVerdict.INCONCLUSIVE);
        assertThat(j.summary()).isEqualTo("40 rows of version 3 counted in the window; a check needs 100");
        assertThat(DriftJudge.judge(served(few, few, new long[] {20, 20, 0, 0}, 0, 0), null, 3, monitor()).summary())
                .contains("no passport");
    }

    @Test
    void accuracyOnFeedbackFarBelowTheTestFigureBreaches() {
        long[] even = {100, 100, 100, 100, 0};
        long[] out = {200, 200, 0, 0};
        assertThat(DriftJudge.judge(served(even, even, out, 50, 44), passport(), 3, monitor()).verdict())
                .as("88% against 90%: within 5 points").isEqualTo(DriftVerdict.WITHIN);
        DriftJudge.Judgement j = DriftJudge.judge(served(even, even, out, 50, 40), passport(), 3, monitor());
        assertThat(j.verdict()).isEqualTo(DriftVerdict.BREACHED);
        assertThat(j.feedbackAccuracy()).isEqualTo(0.8);
        assertThat(j.summary()).contains("accuracy on 50 labelled predictions 80.0% against 90.0%");
        assertThat(DriftJudge.judge(served(even, even, out, 10, 0), passport(), 3, monitor()).verdict())
                .as("too little feedback to judge").isEqualTo(DriftVerdict.WITHIN);
    }
}
