package dev.hone.ml.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * How easily a model can be copied through its answers alone (a label-only extraction attack, as an indicator
 * of resistance to model stealing): an attacker who knows the inputs' kinds and typical values, but not how
 * they go together, sends synthetic rows (each column drawn on its own from the reference rows, a one-hot
 * column as one), records the labels the model answers, and predicts with the nearest answered query (a
 * 1-nearest-neighbour surrogate, needing no training). Agreement is the share of real held-out rows on which
 * the surrogate answers as the model does, measured after each checkpoint of queries; the indicator is the
 * first checkpoint at which it reaches {@code target}, or none inside the budget.
 */
public final class Extraction {

    private Extraction() {
    }

    /** Agreement after {@code queries} answered queries. */
    public record Checkpoint(int queries, double agreement) {
    }

    /**
     * @param queriesToTarget the first checkpoint whose agreement reached the target; null when none did
     */
    public record Result(double target, List<Checkpoint> checkpoints, Integer queriesToTarget) {
    }

    /**
     * Runs the attack.
     *
     * @param reference rows the synthetic queries' column values are drawn from (training rows)
     * @param heldOut real rows agreement is measured on (test rows)
     * @param groups per column, its features (drawn together)
     * @param labels the model's answer (a class) for each of a batch of rows
     * @param checkpoints ascending query counts; the last is the budget
     */
    public static Result attack(float[][] reference, float[][] heldOut, List<int[]> groups,
            Function<float[][], int[]> labels, int[] checkpoints, double target, long seed) {
        if (reference.length == 0 || heldOut.length == 0) {
            throw new IllegalArgumentException("An extraction attack needs reference rows and held-out rows");
        }
        for (int k = 0; k < checkpoints.length; k++) {
            if (checkpoints[k] < 1 || (k > 0 && checkpoints[k] <= checkpoints[k - 1])) {
                throw new IllegalArgumentException("Checkpoints must be positive and ascending, were "
                        + java.util.Arrays.toString(checkpoints));
            }
        }
        int budget = checkpoints[checkpoints.length - 1];
        SplittableRandom random = new SplittableRandom(seed);
        int width = reference[0].length;
        float[][] queries = new float[budget][width];
        for (float[] q : queries) {
            for (int[] group : groups) {
                float[] source = reference[random.nextInt(reference.length)];
                for (int f : group) {
                    q[f] = source[f];
                }
            }
        }
        int[] answered = labels.apply(queries);
        int[] truth = labels.apply(heldOut);
        // nearest query so far for each held-out row, updated as queries arrive
        double[] best = new double[heldOut.length];
        int[] nearest = new int[heldOut.length];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        List<Checkpoint> out = new ArrayList<>();
        Integer reached = null;
        int next = 0;
        for (int checkpoint : checkpoints) {
            for (; next < checkpoint; next++) {
                for (int r = 0; r < heldOut.length; r++) {
                    double d = distance(queries[next], heldOut[r]);
                    if (d < best[r]) {
                        best[r] = d;
                        nearest[r] = next;
                    }
                }
            }
            int agree = 0;
            for (int r = 0; r < heldOut.length; r++) {
                agree += answered[nearest[r]] == truth[r] ? 1 : 0;
            }
            double agreement = (double) agree / heldOut.length;
            out.add(new Checkpoint(checkpoint, agreement));
            if (reached == null && agreement >= target) {
                reached = checkpoint;
            }
        }
        return new Result(target, List.copyOf(out), reached);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
