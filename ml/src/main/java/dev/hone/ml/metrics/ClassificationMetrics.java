package dev.hone.ml.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Scores of a classifier on labelled rows.
 *
 * @param accuracy share of rows whose most probable class is the true one
 * @param macroF1 unweighted mean of the per-class F1 over classes that occur in the true or the
 *     predicted labels (as scikit-learn's {@code f1_score(average="macro")}); an undefined
 *     precision or recall counts as 0
 * @param logLoss mean negative log probability of the true class, probabilities clipped to
 *     [1e-15, 1 - 1e-15]
 * @param rocAuc binary: AUC of the second (positive) class; multiclass: mean one-vs-rest AUC over
 *     the classes present in the true labels; null when fewer than two classes are present
 * @param confusionMatrix counts indexed [true][predicted] in label order
 * @param labels class labels, in the order of the probability columns
 */
public record ClassificationMetrics(
        double accuracy,
        double macroF1,
        double logLoss,
        Double rocAuc,
        long[][] confusionMatrix,
        List<String> labels) {

    static final double EPSILON = 1e-15;

    public ClassificationMetrics {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * @param yTrue true class index of each row
     * @param probabilities per row, one probability per label
     * @param labels class labels in column order
     */
    public static ClassificationMetrics compute(int[] yTrue, float[][] probabilities, List<String> labels) {
        int n = yTrue.length;
        int k = labels.size();
        if (n == 0) {
            throw new IllegalArgumentException("No rows to score");
        }
        if (k < 2) {
            throw new IllegalArgumentException("Need at least two labels, got " + labels);
        }
        if (probabilities.length != n) {
            throw new IllegalArgumentException(
                    n + " labels but " + probabilities.length + " rows of probabilities");
        }
        long[][] confusion = new long[k][k];
        double logLossSum = 0;
        long correct = 0;
        for (int i = 0; i < n; i++) {
            float[] p = probabilities[i];
            if (p.length != k) {
                throw new IllegalArgumentException(
                        "Row " + i + " has " + p.length + " probabilities for " + k + " labels");
            }
            if (yTrue[i] < 0 || yTrue[i] >= k) {
                throw new IllegalArgumentException("Row " + i + " has class index " + yTrue[i]);
            }
            int predicted = argMax(p);
            confusion[yTrue[i]][predicted]++;
            correct += predicted == yTrue[i] ? 1 : 0;
            double pTrue = Math.min(Math.max(p[yTrue[i]], EPSILON), 1 - EPSILON);
            logLossSum -= Math.log(pTrue);
        }
        return new ClassificationMetrics(
                (double) correct / n,
                macroF1(confusion),
                logLossSum / n,
                rocAuc(yTrue, probabilities, k),
                confusion,
                labels);
    }

    /** The first index of the largest value, so ties go to the earlier label. */
    public static int argMax(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    private static double macroF1(long[][] confusion) {
        int k = confusion.length;
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long actual = Arrays.stream(confusion[c]).sum();
            long predicted = 0;
            for (long[] row : confusion) {
                predicted += row[c];
            }
            if (actual == 0 && predicted == 0) {
                continue;
            }
            counted++;
            // F1 = 2 tp / (2 tp + fp + fn); 0 when tp is 0.
            sum += tp == 0 ? 0 : 2.0 * tp / (actual + predicted);
        }
        return sum / counted;
    }

    private static Double rocAuc(int[] yTrue, float[][] probabilities, int k) {
        if (k == 2) {
            return auc(yTrue, probabilities, 1);
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            Double auc = auc(yTrue, probabilities, c);
            if (auc != null) {
                sum += auc;
                counted++;
            }
        }
        return counted < 2 ? null : sum / counted;
    }

    /**
     * One-vs-rest AUC of class {@code c} from its probability column: the Mann-Whitney rank
     * statistic, with tied scores given their average rank (a tie counts half). Null when the
     * class is absent from, or is all of, the true labels.
     */
    static Double auc(int[] yTrue, float[][] probabilities, int c) {
        int n = yTrue.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[a][c], probabilities[b][c]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probabilities[order[j + 1]][c] == probabilities[order[i]][c]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // ranks from 1
            for (int t = i; t <= j; t++) {
                if (yTrue[order[t]] == c) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
