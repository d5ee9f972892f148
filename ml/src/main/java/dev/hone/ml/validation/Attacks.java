package dev.hone.ml.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Adversarial robustness of a classifier: accuracy on rows moved by an adversary within a distance epsilon,
 * in the standardized units of the features it may move (the numeric ones: a one-hot slot cannot take a value
 * between 0 and 1 in real data). Two white-box attacks on the cross-entropy's input gradient:
 * <ul>
 *   <li>FGSM (Goodfellow et al. 2015): one step of epsilon, along the gradient's sign (L-infinity) or its
 *       direction (L2);</li>
 *   <li>PGD (Madry et al. 2018): {@code steps} steps of {@code 2.5 epsilon / steps} from the row, each projected
 *       back into the epsilon ball; a row counts as broken if any step is misclassified.</li>
 * </ul>
 * The adversary at epsilon may use any point of the smaller balls, and PGD may use FGSM's point: a row broken
 * at one epsilon counts as broken at every larger one, and a row FGSM breaks counts as broken by PGD. So the
 * curves never rise with epsilon and PGD's never lies above FGSM's: each is a tighter upper bound of the
 * accuracy an adversary leaves.
 */
public final class Attacks {

    private Attacks() {
    }

    /** How the distance is measured. */
    public enum Norm {
        /** The largest change of any one feature. */
        LINF,
        /** The Euclidean length of the change. */
        L2
    }

    /** Accuracy under each attack at one epsilon. */
    public record Point(double epsilon, double fgsmAccuracy, double pgdAccuracy) {
    }

    /**
     * The accuracy-against-epsilon curves.
     *
     * @param cleanAccuracy accuracy on the rows as they are
     * @param halvingEpsilon the smallest epsilon of the grid at which PGD leaves at most half the clean accuracy;
     *     null when none does
     */
    public record Curve(Norm norm, double cleanAccuracy, List<Point> points, Double halvingEpsilon) {
    }

    /**
     * Attacks every row at every epsilon (ascending, positive).
     *
     * @param attackable the features the adversary may move
     * @throws IllegalArgumentException when the epsilons are not positive and ascending, the rows and labels
     *     differ in number, or nothing may be moved
     */
    public static Curve robustness(Networks network, float[][] rows, int[] labels, int[] attackable,
            double[] epsilons, Norm norm, int steps) {
        return robustness(network, rows, labels, attackable, epsilons, norm, steps, () -> { });
    }

    /** As above, calling {@code tick} before each row (a heartbeat; it may throw to stop). */
    public static Curve robustness(Networks network, float[][] rows, int[] labels, int[] attackable,
            double[] epsilons, Norm norm, int steps, Runnable tick) {
        if (rows.length == 0 || rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows and " + labels.length + " labels: an attack needs "
                    + "labelled rows, one label each");
        }
        if (attackable.length == 0) {
            throw new IllegalArgumentException("No feature may be moved: the model has no numeric input to attack");
        }
        for (int e = 0; e < epsilons.length; e++) {
            if (!(epsilons[e] > 0) || (e > 0 && epsilons[e] <= epsilons[e - 1])) {
                throw new IllegalArgumentException("Epsilons must be positive and ascending, were "
                        + java.util.Arrays.toString(epsilons));
            }
        }
        if (steps < 1) {
            throw new IllegalArgumentException("PGD needs at least one step, was " + steps);
        }
        int[] fgsmSurvivors = new int[epsilons.length];
        int[] pgdSurvivors = new int[epsilons.length];
        int clean = 0;
        for (int r = 0; r < rows.length; r++) {
            tick.run();
            if (network.predictClass(rows[r]) != labels[r]) {
                continue; // wrong already: broken at every epsilon
            }
            clean++;
            boolean fgsmBroken = false;
            boolean pgdBroken = false;
            for (int e = 0; e < epsilons.length; e++) {
                fgsmBroken = fgsmBroken || fgsm(network, rows[r], labels[r], attackable, epsilons[e], norm);
                pgdBroken = pgdBroken || fgsmBroken
                        || pgd(network, rows[r], labels[r], attackable, epsilons[e], norm, steps);
                fgsmSurvivors[e] += fgsmBroken ? 0 : 1;
                pgdSurvivors[e] += pgdBroken ? 0 : 1;
            }
        }
        double cleanAccuracy = (double) clean / rows.length;
        List<Point> points = new ArrayList<>();
        Double halving = null;
        for (int e = 0; e < epsilons.length; e++) {
            double pgdAccuracy = (double) pgdSurvivors[e] / rows.length;
            points.add(new Point(epsilons[e], (double) fgsmSurvivors[e] / rows.length, pgdAccuracy));
            if (halving == null && pgdAccuracy <= cleanAccuracy / 2) {
                halving = epsilons[e];
            }
        }
        return new Curve(norm, cleanAccuracy, List.copyOf(points), halving);
    }

    private static boolean fgsm(Networks network, float[] row, int label, int[] attackable, double epsilon,
            Norm norm) {
        double[] g = network.gradient(row, InputGradient.crossEntropy(label));
        float[] moved = row.clone();
        step(moved, g, attackable, epsilon, norm);
        return network.predictClass(moved) != label;
    }

    private static boolean pgd(Networks network, float[] row, int label, int[] attackable, double epsilon,
            Norm norm, int steps) {
        float[] x = row.clone();
        double alpha = 2.5 * epsilon / steps;
        for (int k = 0; k < steps; k++) {
            double[] g = network.gradient(x, InputGradient.crossEntropy(label));
            step(x, g, attackable, alpha, norm);
            project(x, row, attackable, epsilon, norm);
            if (network.predictClass(x) != label) {
                return true;
            }
        }
        return false;
    }

    /** Moves {@code x} by {@code size} up the gradient, on the attackable features only. */
    private static void step(float[] x, double[] g, int[] attackable, double size, Norm norm) {
        if (norm == Norm.LINF) {
            for (int f : attackable) {
                x[f] += (float) (size * Math.signum(g[f]));
            }
            return;
        }
        double length = 0;
        for (int f : attackable) {
            length += g[f] * g[f];
        }
        length = Math.sqrt(length);
        if (length == 0) {
            return;
        }
        for (int f : attackable) {
            x[f] += (float) (size * g[f] / length);
        }
    }

    /** Brings {@code x} back within {@code epsilon} of {@code origin}. */
    private static void project(float[] x, float[] origin, int[] attackable, double epsilon, Norm norm) {
        if (norm == Norm.LINF) {
            for (int f : attackable) {
                x[f] = (float) Math.max(origin[f] - epsilon, Math.min(origin[f] + epsilon, x[f]));
            }
            return;
        }
        double length = 0;
        for (int f : attackable) {
            length += (x[f] - origin[f]) * (double) (x[f] - origin[f]);
        }
        length = Math.sqrt(length);
        if (length > epsilon) {
            for (int f : attackable) {
                x[f] = (float) (origin[f] + (x[f] - origin[f]) * epsilon / length);
            }
        }
    }
}
