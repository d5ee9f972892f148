package dev.hone.ml.tuning;

/**
 * A Parzen estimator over the indices {@code 0..choices-1}, as Optuna 3.1's: each observation's
 * kernel puts {@code 1 + p} on the observed choice and {@code p = priorWeight / (n + 1)} on every
 * choice (then normalized), the prior kernel is uniform, and the kernels mix with
 * {@link ParzenWeights}.
 */
final class CategoricalParzenEstimator {

    private final double[] probabilities;

    CategoricalParzenEstimator(int[] observations, int choices) {
        int n = observations.length;
        double[] weights = ParzenWeights.withPrior(n);
        double spread = ParzenWeights.PRIOR_WEIGHT / (n + 1);
        double kernelTotal = 1 + choices * spread;
        probabilities = new double[choices];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < choices; c++) {
                probabilities[c] += weights[i] * spread / kernelTotal;
            }
            probabilities[observations[i]] += weights[i] / kernelTotal;
        }
        for (int c = 0; c < choices; c++) {
            probabilities[c] += weights[n] / choices;
        }
    }

    int sample(TrialRandom rng) {
        return NumericParzenEstimator.pickComponent(probabilities, rng);
    }

    double logProbability(int choice) {
        return StrictMath.log(probabilities[choice]);
    }

    double[] probabilities() {
        return probabilities.clone();
    }
}
