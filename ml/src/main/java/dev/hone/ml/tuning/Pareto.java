package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto ranking of points with several objectives, all minimized (negate one that is maximized): which
 * points no other beats on every objective, the fronts below them, and how crowded each point's front is
 * around it (NSGA-II's non-dominated sorting and crowding distance, Deb et al. 2002). Shared by the
 * compression stage's front and the multi-objective split of trials.
 */
public final class Pareto {

    private Pareto() {}

    /** Whether {@code a} is at least as good as {@code b} on every objective and better on one. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) {
                return false;
            }
            better |= a[k] < b[k];
        }
        return better;
    }

    /**
     * Each point's front: 0 for the points no other dominates, 1 for those only front 0 dominates, and so on.
     * O(n^2 k); a NaN objective counts as worse than any number.
     */
    public static int[] ranks(double[][] points) {
        int n = points.length;
        int[] rank = new int[n];
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(sane(points[i]), sane(points[j]))) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(sane(points[j]), sane(points[i]))) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        for (int front = 0; !current.isEmpty(); front++) {
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                rank[i] = front;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next;
        }
        return rank;
    }

    /** The indices of the points on the first front, in their order. */
    public static List<Integer> front(double[][] points) {
        int[] rank = ranks(points);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank.length; i++) {
            if (rank[i] == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The crowding distance of each of {@code members} (indices into {@code points}, one front) within it: the
     * sum over objectives of the gap between its neighbours on that objective, scaled by the front's range;
     * infinite at the ends of each objective. A larger distance means a lonelier, more informative point.
     */
    public static double[] crowding(double[][] points, List<Integer> members) {
        int m = members.size();
        double[] distance = new double[m];
        if (m == 0) {
            return distance;
        }
        int objectives = points[members.getFirst()].length;
        Integer[] order = new Integer[m];
        for (int k = 0; k < objectives; k++) {
            int objective = k;
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> sane(points[members.get(i)])[objective]));
            double low = sane(points[members.get(order[0])])[objective];
            double high = sane(points[members.get(order[m - 1])])[objective];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[m - 1]] = Double.POSITIVE_INFINITY;
            if (high > low && Double.isFinite(high - low)) {
                for (int i = 1; i < m - 1; i++) {
                    distance[order[i]] += (sane(points[members.get(order[i + 1])])[objective]
                            - sane(points[members.get(order[i - 1])])[objective]) / (high - low);
                }
            }
        }
        return distance;
    }

    /**
     * The best {@code count} points, as a multi-objective sampler picks its "good" group (MOTPE, Ozaki et al.
     * 2020, with NSGA-II's crowding distance to split the last front): whole fronts, best first, while they fit;
     * then the least crowded points of the next front. Ties keep the points' order.
     */
    public static boolean[] best(double[][] points, int count) {
        int n = points.length;
        boolean[] chosen = new boolean[n];
        int[] rank = ranks(points);
        int taken = 0;
        for (int front = 0; taken < Math.min(count, n); front++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (rank[i] == front) {
                    members.add(i);
                }
            }
            if (taken + members.size() <= count) {
                members.forEach(i -> chosen[i] = true);
                taken += members.size();
                continue;
            }
            double[] distance = crowding(points, members);
            Integer[] order = new Integer[members.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -distance[i]));
            for (int i = 0; taken < count; i++) {
                chosen[members.get(order[i])] = true;
                taken++;
            }
        }
        return chosen;
    }

    /** NaN becomes +infinity: a point that could not be measured is worse than any that was. */
    private static double[] sane(double[] p) {
        for (double v : p) {
            if (Double.isNaN(v)) {
                double[] copy = p.clone();
                for (int k = 0; k < copy.length; k++) {
                    copy[k] = Double.isNaN(copy[k]) ? Double.POSITIVE_INFINITY : copy[k];
                }
                return copy;
            }
        }
        return p;
    }
}
