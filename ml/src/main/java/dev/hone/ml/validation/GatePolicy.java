package dev.hone.ml.validation;

import dev.hone.ml.report.PassportReport;
import dev.hone.ml.report.PassportReport.Check;
import dev.hone.ml.report.PassportReport.FairnessSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a version's passport must show to pass the validation gate. The champion check always applies when the
 * model has a champion; every other limit applies when set. A limit that cannot be checked (a calibration ceiling
 * on a regressor, a fairness limit with no sensitive column measured) fails, saying why: a gate never passes on
 * what it did not see.
 *
 * @param metricLimits test metric name to its limit: a floor for a metric where higher is better (accuracy,
 *     macro_f1, roc_auc, r2), a ceiling for a loss ({@link #LOWER_IS_BETTER})
 * @param championMargin classification: accuracy points the new version may lose against the champion; regression:
 *     percent its RMSE may exceed the champion's. Beyond it, or significantly worse (McNemar, or a paired bootstrap
 *     interval above 0), fails
 * @param minHalvingEpsilon the smallest L-infinity epsilon (in standard deviations) at which PGD may halve the
 *     accuracy; null: no robustness limit
 * @param maxParityDifference the largest demographic-parity difference on any sensitive column the run named (one
 *     whose name merely suggests it is measured, not gated on); null: none
 * @param minDisparateImpact the smallest disparate-impact ratio on any sensitive column (0.8: the four-fifths rule);
 *     null: none
 * @param maxCalibrationError the largest expected calibration error; null: none
 */
public record GatePolicy(Map<String, Double> metricLimits, double championMargin, Double minHalvingEpsilon,
        Double maxParityDifference, Double minDisparateImpact, Double maxCalibrationError) {

    /** A loss: its limit is a ceiling. */
    public static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "rmse", "mae");
    /** Every metric a limit may name. */
    public static final Set<String> METRICS = Set.of("accuracy", "macro_f1", "log_loss", "roc_auc", "rmse", "mae",
            "r2");
    public static final double DEFAULT_CHAMPION_MARGIN = 1.0;
    /** Significance level of the champion comparison. */
    public static final double ALPHA = 0.05;

    public GatePolicy {
        metricLimits = metricLimits == null ? Map.of() : Map.copyOf(metricLimits);
    }

    /** Only the champion check, with its default margin. */
    public static GatePolicy defaults() {
        return new GatePolicy(Map.of(), DEFAULT_CHAMPION_MARGIN, null, null, null, null);
    }

    /** The verdict on a merged passport. */
    public PassportReport.Gate judge(PassportReport p) {
        List<Check> checks = new ArrayList<>();
        metricLimits.forEach((metric, limit) -> {
            Double value = p.metrics() == null ? null : p.metrics().metrics().get(metric);
            boolean ceiling = LOWER_IS_BETTER.contains(metric);
            String name = "metric " + metric;
            if (value == null) {
                checks.add(new Check(name, false, "The limit on " + metric + " cannot be checked: the model has no "
                        + "such test metric (it has " + (p.metrics() == null ? "none" : p.metrics().metrics().keySet())
                        + ")"));
            } else {
                boolean ok = ceiling ? value <= limit : value >= limit;
                checks.add(new Check(name, ok, String.format(Locale.ROOT, "Test %s %.4f %s the %s of %.4f", metric,
                        value, ok ? "is within" : "breaks", ceiling ? "ceiling" : "floor", limit)));
            }
        });
        champion(p, checks);
        if (minHalvingEpsilon != null) {
            if (p.robustness() == null || p.robustness().curves().isEmpty()) {
                checks.add(new Check("robustness", false, "The robustness limit cannot be checked: no attack was run ("
                        + String.join("; ", p.warnings()) + ")"));
            } else {
                Double halving = p.robustness().halvingEpsilon();
                boolean ok = halving == null || halving >= minHalvingEpsilon;
                checks.add(new Check("robustness", ok, halving == null
                        ? "PGD never halved the accuracy up to epsilon " + last(Passport.LINF_EPSILONS)
                        : String.format(Locale.ROOT, "PGD halves the accuracy at epsilon %s, %s the floor of %s",
                                halving, ok ? "not below" : "below", minHalvingEpsilon)));
            }
        }
        if (maxParityDifference != null || minDisparateImpact != null) {
            // Only the columns the run named: one a name merely suggests is measured and shown, not gated on.
            List<FairnessSection> named = p.fairness() == null ? List.of()
                    : p.fairness().stream().filter(FairnessSection::named).toList();
            if (named.isEmpty()) {
                checks.add(new Check("fairness", false, "The fairness limits cannot be checked: no sensitive column "
                        + "named in validation.sensitiveColumns was measured (a regressor has none)"));
            } else {
                named.forEach(f -> fairness(f, checks));
            }
        }
        if (maxCalibrationError != null) {
            if (p.calibration() == null) {
                checks.add(new Check("calibration", false, "The calibration ceiling cannot be checked: a regressor has "
                        + "no class probabilities to calibrate"));
            } else {
                double ece = p.calibration().test().expectedCalibrationError();
                boolean ok = ece <= maxCalibrationError;
                checks.add(new Check("calibration", ok, String.format(Locale.ROOT,
                        "Expected calibration error %.4f %s the ceiling of %.4f", ece, ok ? "is within" : "breaks",
                        maxCalibrationError)));
            }
        }
        return new PassportReport.Gate(checks.stream().allMatch(Check::passed), checks);
    }

    private void champion(PassportReport p, List<Check> checks) {
        PassportReport.ChampionSection c = p.champion();
        if (c == null) {
            return;
        }
        String name = "champion";
        String versus = "version " + c.championVersion() + " ('" + c.alias() + "')";
        if (c.notComparable() != null) {
            checks.add(new Check(name, false, "The new version cannot be compared with " + versus + ": "
                    + c.notComparable()));
        } else if (c.classification() != null) {
            var cmp = c.classification();
            boolean worse = cmp.significantlyWorse(ALPHA);
            boolean beyond = cmp.difference() * 100 < -championMargin - 1e-9;
            checks.add(new Check(name, !worse && !beyond, String.format(Locale.ROOT,
                    "Accuracy %.4f against %.4f for %s on the same %d rows: %+.2f points (95%% interval %+.2f to "
                            + "%+.2f), McNemar p = %.3g%s%s", cmp.challengerAccuracy(), cmp.championAccuracy(), versus,
                    cmp.rows(), 100 * cmp.difference(), interval(cmp.differenceInterval(), true, 100),
                    interval(cmp.differenceInterval(), false, 100), cmp.pValue(),
                    worse ? "; significantly worse" : "",
                    beyond ? String.format(Locale.ROOT, "; more than %.2f points lower", championMargin) : "")));
        } else {
            var cmp = c.regression();
            boolean worse = cmp.significantlyWorse();
            boolean beyond = cmp.differencePercent() > championMargin + 1e-9;
            checks.add(new Check(name, !worse && !beyond, String.format(Locale.ROOT,
                    "RMSE %.4g against %.4g for %s on the same %d rows: %+.2f%% (95%% interval of the difference %+.4g "
                            + "to %+.4g)%s%s", cmp.challengerRmse(), cmp.championRmse(), versus, cmp.rows(),
                    cmp.differencePercent(), interval(cmp.differenceInterval(), true, 1),
                    interval(cmp.differenceInterval(), false, 1), worse ? "; significantly worse" : "",
                    beyond ? String.format(Locale.ROOT, "; more than %.2f%% higher", championMargin) : "")));
        }
    }

    private void fairness(FairnessSection f, List<Check> checks) {
        Fairness.Report r = f.report();
        if (maxParityDifference != null) {
            double d = r.demographicParityDifference();
            boolean ok = !Double.isNaN(d) && d <= maxParityDifference;
            checks.add(new Check("fairness " + f.column() + " parity", ok, String.format(Locale.ROOT,
                    "Demographic-parity difference on '%s' %.4f %s the ceiling of %.4f", f.column(), d,
                    ok ? "is within" : Double.isNaN(d) ? "cannot be judged against" : "breaks", maxParityDifference)));
        }
        if (minDisparateImpact != null) {
            double d = r.disparateImpactRatio();
            boolean ok = !Double.isNaN(d) && d >= minDisparateImpact;
            checks.add(new Check("fairness " + f.column() + " impact", ok, String.format(Locale.ROOT,
                    "Disparate-impact ratio on '%s' %.4f %s the floor of %.4f", f.column(), d,
                    ok ? "is within" : Double.isNaN(d) ? "cannot be judged against" : "breaks", minDisparateImpact)));
        }
    }

    private static double interval(dev.hone.ml.metrics.Bootstrap.Interval i, boolean low, double scale) {
        return i == null ? Double.NaN : scale * (low ? i.low() : i.high());
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }
}
