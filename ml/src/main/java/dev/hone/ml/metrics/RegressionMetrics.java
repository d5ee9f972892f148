package dev.hone.ml.metrics;

/**
 * Scores of a regressor, in the target's units.
 *
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param r2 coefficient of determination, 1 - SSres/SStot; for a constant true target 1 when
 *     every prediction is exact and 0 otherwise (as scikit-learn does)
 */
public record RegressionMetrics(double rmse, double mae, double r2) {

    public static RegressionMetrics compute(double[] yTrue, double[] yPred) {
        int n = yTrue.length;
        if (n == 0 || yPred.length != n) {
            throw new IllegalArgumentException(
                    "Need the same, non-zero number of true values and predictions (got " + n
                            + " and " + yPred.length + ")");
        }
        double mean = 0;
        for (double y : yTrue) {
            mean += y;
        }
        mean /= n;
        double squaredErrors = 0;
        double absoluteErrors = 0;
        double totalSquares = 0;
        for (int i = 0; i < n; i++) {
            double e = yTrue[i] - yPred[i];
            squaredErrors += e * e;
            absoluteErrors += Math.abs(e);
            totalSquares += (yTrue[i] - mean) * (yTrue[i] - mean);
        }
        double r2 = totalSquares > 0
                ? 1 - squaredErrors / totalSquares
                : (squaredErrors == 0 ? 1 : 0);
        return new RegressionMetrics(Math.sqrt(squaredErrors / n), absoluteErrors / n, r2);
    }
}
