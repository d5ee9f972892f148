package dev.hone.ml.validation;

import dev.hone.ml.metrics.Bootstrap;
import dev.hone.ml.model.DenseNetwork;
import java.util.Map;

/**
 * A challenger (the new version) against the champion (the version in production) on the same held-out rows:
 * the accuracy difference with a paired bootstrap interval (both models resampled on the same rows), and
 * McNemar's test on the rows where exactly one of them is right ({@code b}: only the champion, {@code c}: only
 * the challenger). Under "equally good", each such row is a fair coin: the exact two-sided binomial p-value
 * below {@value #EXACT_LIMIT} discordant rows, the continuity-corrected chi-square above (as statsmodels'
 * {@code mcnemar(exact=...)} gives them).
 */
public final class ChampionChallenger {

    /** Up to this many discordant rows the p-value is the exact binomial one. */
    public static final int EXACT_LIMIT = 50;

    private ChampionChallenger() {
    }

    /**
     * @param championAccuracy share of rows the champion gets right
     * @param challengerAccuracy the same for the challenger
     * @param difference challenger less champion
     * @param differenceInterval its 95% paired bootstrap interval
     * @param championOnly rows only the champion gets right ({@code b})
     * @param challengerOnly rows only the challenger gets right ({@code c})
     * @param pValue McNemar's two-sided p-value (1 when no row tells them apart)
     */
    public record Comparison(int rows, double championAccuracy, double challengerAccuracy, double difference,
            Bootstrap.Interval differenceInterval, int championOnly, int challengerOnly, double pValue) {

        /** Whether the challenger is worse at this significance level (and not merely different). */
        public boolean significantlyWorse(double alpha) {
            return difference < 0 && pValue < alpha;
        }
    }

    /**
     * Compares two models' predicted classes against the true ones.
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty
     */
    public static Comparison compare(int[] truth, int[] champion, int[] challenger, long seed) {
        int n = truth.length;
        if (n == 0) {
            throw new IllegalArgumentException("Comparing two models needs held-out rows; there are none");
        }
        if (champion.length != n || challenger.length != n) {
            throw new IllegalArgumentException(n + " true classes, " + champion.length + " champion predictions and "
                    + challenger.length + " challenger predictions: one each per row");
        }
        int championRight = 0;
        int challengerRight = 0;
        int b = 0;
        int c = 0;
        for (int r = 0; r < n; r++) {
            boolean first = champion[r] == truth[r];
            boolean second = challenger[r] == truth[r];
            championRight += first ? 1 : 0;
            challengerRight += second ? 1 : 0;
            b += first && !second ? 1 : 0;
            c += second && !first ? 1 : 0;
        }
        Map<String, Bootstrap.Interval> interval = Bootstrap.intervals(n, sample -> {
            int diff = 0;
            for (int r : sample) {
                diff += (challenger[r] == truth[r] ? 1 : 0) - (champion[r] == truth[r] ? 1 : 0);
            }
            return Map.of("difference", (double) diff / sample.length);
        }, 0.95, seed, () -> { });
        return new Comparison(n, (double) championRight / n, (double) challengerRight / n,
                (double) (challengerRight - championRight) / n, interval.get("difference"), b, c, mcNemar(b, c));
    }

    /**
     * A regressor against the champion: both RMSEs on the same rows and the paired bootstrap interval of the
     * challenger's RMSE less the champion's, in the target's units and in percent of the champion's.
     */
    public record RegressionComparison(int rows, double championRmse, double challengerRmse, double difference,
            Bootstrap.Interval differenceInterval, double differencePercent) {

        /** Whether the challenger's RMSE is higher on every resample's interval (the interval lies above 0). */
        public boolean significantlyWorse() {
            return differenceInterval != null && differenceInterval.low() > 0;
        }
    }

    /**
     * Compares two regressors' predictions (in the target's units) against the true values.
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty
     */
    public static RegressionComparison compareRegression(double[] truth, double[] champion, double[] challenger,
            long seed) {
        int n = truth.length;
        if (n == 0) {
            throw new IllegalArgumentException("Comparing two models needs held-out rows; there are none");
        }
        if (champion.length != n || challenger.length != n) {
            throw new IllegalArgumentException(n + " true values, " + champion.length + " champion predictions and "
                    + challenger.length + " challenger predictions: one each per row");
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        double first = rmse(truth, champion, all);
        double second = rmse(truth, challenger, all);
        Map<String, Bootstrap.Interval> interval = Bootstrap.intervals(n, sample -> Map.of("difference",
                rmse(truth, challenger, sample) - rmse(truth, champion, sample)), 0.95, seed, () -> { });
        return new RegressionComparison(n, first, second, second - first, interval.get("difference"),
                first > 0 ? 100 * (second - first) / first : 0);
    }

    private static double rmse(double[] truth, double[] predicted, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            double e = truth[r] - predicted[r];
            sum += e * e;
        }
        return Math.sqrt(sum / rows.length);
    }

    /** McNemar's two-sided p-value for {@code b} and {@code c} discordant rows. */
    static double mcNemar(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1;
        }
        if (n <= EXACT_LIMIT) {
            // 2 P(X <= min(b, c)) for X ~ Binomial(n, 1/2), at most 1
            int k = Math.min(b, c);
            double tail = 0;
            double term = Math.pow(0.5, n); // C(n, 0) / 2^n
            for (int i = 0; i <= k; i++) {
                tail += term;
                term = term * (n - i) / (i + 1);
            }
            return Math.min(1, 2 * tail);
        }
        double chi = Math.pow(Math.abs(b - c) - 1, 2) / n;
        return chiSquareOneTail(chi);
    }

    /** P(X > x) for a chi-square of one degree of freedom: erfc(sqrt(x / 2)). */
    private static double chiSquareOneTail(double x) {
        return 1 - DenseNetwork.erf(Math.sqrt(x / 2));
    }
}
