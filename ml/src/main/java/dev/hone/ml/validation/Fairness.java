package dev.hone.ml.validation;

import dev.hone.ml.metrics.Bootstrap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a classifier's decisions differ between the groups of a sensitive column, for one favourable class
 * (the "positive" outcome: a loan granted, a candidate shortlisted):
 * <ul>
 *   <li>per group: rows, selection rate {@code P(predicted positive | group)}, true positive rate {@code
 *       P(predicted positive | positive, group)} and accuracy;</li>
 *   <li>demographic parity difference: the highest selection rate less the lowest (0 when equal);</li>
 *   <li>equal opportunity difference: the same for true positive rates, over groups with positive rows;</li>
 *   <li>disparate impact ratio: the lowest selection rate over the highest (1 when equal; the "four-fifths
 *       rule" flags below 0.8).</li>
 * </ul>
 * Definitions as Fairlearn's {@code demographic_parity_difference} and {@code equalized_odds}-style TPR gap and
 * IBM AIF360's {@code disparate_impact}; the three come with percentile bootstrap intervals over the rows.
 *
 * <p>{@link #reweighing} is the mitigation a run can ask for (Kamiran and Calders 2012): training weights
 * {@code P(group) P(class) / P(group, class)} that make group and class independent in the weighted data.
 */
public final class Fairness {

    private Fairness() {
    }

    /** One group's rates; NaN where the group has no row to measure it on. */
    public record Group(String name, int rows, double selectionRate, double truePositiveRate, double accuracy) {
    }

    /**
     * The disparities between the groups, each with its 95% interval (null when too few resamples had a
     * value: a group absent from most of them).
     */
    public record Report(String positive, List<Group> groups, double demographicParityDifference,
            Bootstrap.Interval demographicParityInterval, double equalOpportunityDifference,
            Bootstrap.Interval equalOpportunityInterval, double disparateImpactRatio,
            Bootstrap.Interval disparateImpactInterval) {
    }

    /**
     * Measures the disparities.
     *
     * @param groups each row's group, an index into {@code groupNames}
     * @param truth each row's true class
     * @param predicted each row's predicted class
     * @param positive the favourable class's index, and {@code positiveName} its label
     * @throws IllegalArgumentException when the arrays differ in length, a group index is unknown, or fewer
     *     than two groups have rows
     */
    public static Report measure(int[] groups, List<String> groupNames, int[] truth, int[] predicted, int positive,
            String positiveName, long seed) {
        int n = groups.length;
        if (truth.length != n || predicted.length != n) {
            throw new IllegalArgumentException(n + " group labels, " + truth.length + " true classes and "
                    + predicted.length + " predictions: one each per row");
        }
        int k = groupNames.size();
        for (int r = 0; r < n; r++) {
            if (groups[r] < 0 || groups[r] >= k) {
                throw new IllegalArgumentException("Row " + r + "'s group " + groups[r] + " is not one of the " + k
                        + " groups " + groupNames);
            }
        }
        List<Group> measured = rates(groups, groupNames, truth, predicted, positive, identity(n));
        if (measured.stream().filter(g -> g.rows() > 0).count() < 2) {
            throw new IllegalArgumentException("Fairness compares groups: the rows hold fewer than two of "
                    + groupNames);
        }
        Map<String, Double> point = disparities(measured);
        Map<String, Bootstrap.Interval> intervals = Bootstrap.intervals(n,
                sample -> disparities(rates(groups, groupNames, truth, predicted, positive, sample)), 0.95, seed,
                () -> { });
        return new Report(positiveName, measured, point.get(PARITY), intervals.get(PARITY), point.get(OPPORTUNITY),
                intervals.get(OPPORTUNITY), point.get(IMPACT), intervals.get(IMPACT));
    }

    private static final String PARITY = "demographicParityDifference";
    private static final String OPPORTUNITY = "equalOpportunityDifference";
    private static final String IMPACT = "disparateImpactRatio";

    private static List<Group> rates(int[] groups, List<String> names, int[] truth, int[] predicted, int positive,
            int[] rows) {
        int k = names.size();
        int[] count = new int[k];
        int[] selected = new int[k];
        int[] positives = new int[k];
        int[] found = new int[k];
        int[] right = new int[k];
        for (int r : rows) {
            int g = groups[r];
            count[g]++;
            selected[g] += predicted[r] == positive ? 1 : 0;
            right[g] += predicted[r] == truth[r] ? 1 : 0;
            if (truth[r] == positive) {
                positives[g]++;
                found[g] += predicted[r] == positive ? 1 : 0;
            }
        }
        List<Group> out = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            out.add(new Group(names.get(g), count[g], ratio(selected[g], count[g]), ratio(found[g], positives[g]),
                    ratio(right[g], count[g])));
        }
        return out;
    }

    /** The three disparities over the groups that have a value; NaN where fewer than two have one. */
    private static Map<String, Double> disparities(List<Group> groups) {
        double[] selection = groups.stream().mapToDouble(Group::selectionRate).filter(Double::isFinite).toArray();
        double[] tpr = groups.stream().mapToDouble(Group::truePositiveRate).filter(Double::isFinite).toArray();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(PARITY, spread(selection));
        out.put(OPPORTUNITY, spread(tpr));
        double low = selection.length < 2 ? Double.NaN : java.util.Arrays.stream(selection).min().orElseThrow();
        double high = selection.length < 2 ? Double.NaN : java.util.Arrays.stream(selection).max().orElseThrow();
        out.put(IMPACT, high > 0 ? low / high : selection.length < 2 ? Double.NaN : 1.0);
        return out;
    }

    private static double spread(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        return high - low;
    }

    /**
     * Reweighing: each training row's weight {@code P(group) P(class) / P(group, class)}, the probabilities
     * counted on these rows. Weighted, every group has its classes in the same proportion as the whole, and, when
     * every group has every class, the weights sum to the number of rows.
     */
    public static double[] reweighing(int[] groups, int[] classes) {
        if (groups.length != classes.length) {
            throw new IllegalArgumentException(groups.length + " group labels but " + classes.length + " classes");
        }
        Map<Integer, Integer> byGroup = new java.util.HashMap<>();
        Map<Integer, Integer> byClass = new java.util.HashMap<>();
        Map<Long, Integer> byBoth = new java.util.HashMap<>();
        for (int r = 0; r < groups.length; r++) {
            byGroup.merge(groups[r], 1, Integer::sum);
            byClass.merge(classes[r], 1, Integer::sum);
            byBoth.merge(key(groups[r], classes[r]), 1, Integer::sum);
        }
        double n = groups.length;
        double[] weights = new double[groups.length];
        for (int r = 0; r < groups.length; r++) {
            weights[r] = byGroup.get(groups[r]) * (double) byClass.get(classes[r])
                    / (n * byBoth.get(key(groups[r], classes[r])));
        }
        return weights;
    }

    private static long key(int group, int cls) {
        return ((long) group << 32) | (cls & 0xffffffffL);
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
