package dev.hone.ml.preprocess;

import static dev.hone.ml.preprocess.QualityIssue.CLASS_IMBALANCE;
import static dev.hone.ml.preprocess.QualityIssue.CONSTANT_COLUMN;
import static dev.hone.ml.preprocess.QualityIssue.DUPLICATE_ROWS;
import static dev.hone.ml.preprocess.QualityIssue.ERROR;
import static dev.hone.ml.preprocess.QualityIssue.INFO;
import static dev.hone.ml.preprocess.QualityIssue.MISSING_VALUES;
import static dev.hone.ml.preprocess.QualityIssue.TARGET_LEAKAGE;
import static dev.hone.ml.preprocess.QualityIssue.WARNING;

import dev.hone.ml.data.CategoricalColumn;
import dev.hone.ml.data.Column;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.NumericColumn;
import dev.hone.vocabulary.ClassWeights;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Looks for data problems worth telling the user about before training: missing values,
 * constant columns, duplicate rows, class imbalance and target leakage. It reports; it does not
 * change the data.
 */
public final class DataQualityChecker {

    /** A feature column missing in at least this share of rows is a warning, below it a note. */
    static final double MISSING_WARNING_SHARE = 0.2;

    /** Largest / smallest class at or above this ratio is reported (and weighted in training by default). */
    static final double IMBALANCE_WARNING_RATIO = ClassWeights.IMBALANCE_RATIO;

    /** Correlation with a numeric target at or above this (in absolute value) is leakage. */
    static final double LEAKAGE_CORRELATION = 0.999;

    private DataQualityChecker() {}

    public static DataQualityReport check(DataTable t, String target, Task task) {
        int targetIdx = t.columnIndex(target);
        if (targetIdx < 0) {
            throw new PreprocessingException(
                    "Target column '" + target + "' does not exist; columns are " + t.columns());
        }
        List<QualityIssue> issues = new ArrayList<>();
        long rows = t.rowCount();

        Map<String, Long> missingByColumn = new LinkedHashMap<>();
        List<String> constantColumns = new ArrayList<>();
        long[] distinctByColumn = new long[t.columns().size()];
        for (int c = 0; c < t.columns().size(); c++) {
            String name = t.columns().get(c);
            Column column = t.column(c);
            long missing = IntStream.range(0, column.size()).filter(column::isMissing).count();
            missingByColumn.put(name, missing);
            distinctByColumn[c] = distinct(column);
            if (c == targetIdx) {
                if (missing > 0) {
                    issues.add(new QualityIssue(WARNING, MISSING_VALUES, name,
                            missing + " of " + rows + " rows have no value in the target column '"
                                    + name + "'; they are left out of training and evaluation"));
                }
                continue;
            }
            if (missing > 0) {
                double share = (double) missing / rows;
                issues.add(new QualityIssue(share >= MISSING_WARNING_SHARE ? WARNING : INFO,
                        MISSING_VALUES, name,
                        "Column '" + name + "' is missing " + missing + " of " + rows + " values ("
                                + percent(share) + "); they are filled in from the training data"));
            }
            if (distinctByColumn[c] <= 1) {
                constantColumns.add(name);
                issues.add(new QualityIssue(INFO, CONSTANT_COLUMN, name,
                        "Column '" + name + "' has " + (distinctByColumn[c] == 0 ? "no values" : "the same value"
                                + " in every row") + ", so it carries no information"));
            }
        }

        long duplicateRows = countDuplicates(t);
        if (duplicateRows > 0) {
            issues.add(new QualityIssue(WARNING, DUPLICATE_ROWS, null,
                    duplicateRows + " rows repeat an earlier row exactly; copies that land in both"
                            + " the training and the test split make test scores look better than"
                            + " they are"));
        }

        Column targetColumn = t.column(targetIdx);
        Labels labels = Labels.of(targetColumn);
        Map<String, Long> classCounts = new LinkedHashMap<>();
        Double imbalanceRatio = null;
        if (task == Task.CLASSIFICATION) {
            long[] counts = labels.counts();
            Map<String, Long> byLabel = new HashMap<>();
            for (int i = 0; i < counts.length; i++) {
                byLabel.put(labels.names().get(i), counts[i]);
            }
            for (String label : ClassLabels.sorted(byLabel.keySet())) {
                classCounts.put(label, byLabel.get(label));
            }
            if (counts.length > 0) {
                long max = Arrays.stream(counts).max().orElseThrow();
                long min = Arrays.stream(counts).min().orElseThrow();
                imbalanceRatio = (double) max / min;
                if (imbalanceRatio >= IMBALANCE_WARNING_RATIO) {
                    issues.add(new QualityIssue(WARNING, CLASS_IMBALANCE, target,
                            String.format(Locale.ROOT, "The largest class has %.1f times as many rows"
                                    + " as the smallest (%d vs %d); accuracy alone will hide poor"
                                    + " results on the small classes", imbalanceRatio, max, min)));
                }
            }
        }

        List<String> leakageColumns = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            if (c == targetIdx) {
                continue;
            }
            String name = t.columns().get(c);
            String why = task == Task.CLASSIFICATION
                    ? classificationLeak(t.column(c), distinctByColumn[c], labels)
                    : regressionLeak(t.column(c), targetColumn);
            if (why != null) {
                leakageColumns.add(name);
                issues.add(new QualityIssue(ERROR, TARGET_LEAKAGE, name,
                        "Column '" + name + "' " + why + ". It probably holds the answer (or is"
                                + " derived from it) and will not be known at prediction time;"
                                + " remove it unless that is intended"));
            }
        }

        return new DataQualityReport(issues, duplicateRows, missingByColumn, constantColumns,
                classCounts, imbalanceRatio, leakageColumns);
    }

    /** Distinct present values of a column. */
    private static long distinct(Column column) {
        if (column instanceof NumericColumn n) {
            double[] present = Arrays.stream(n.values()).filter(v -> !Double.isNaN(v)).sorted().toArray();
            long distinct = 0;
            for (int i = 0; i < present.length; i++) {
                if (i == 0 || present[i] != present[i - 1]) {
                    distinct++;
                }
            }
            return distinct;
        }
        CategoricalColumn s = (CategoricalColumn) column;
        return Arrays.stream(s.codes()).filter(code -> code >= 0).distinct().count();
    }

    /**
     * Rows equal to an earlier row in every column. Rows are compared by a 64-bit hash of their
     * values (sorted, then counted in runs): two different rows share a hash with a probability
     * of about rows^2 / 2^65, one in ten million at a million rows.
     */
    private static long countDuplicates(DataTable t) {
        long[] hashes = new long[t.rowCount()];
        for (int c = 0; c < t.columns().size(); c++) {
            Column column = t.column(c);
            long[] valueHash = null;
            if (column instanceof CategoricalColumn s) {
                valueHash = new long[s.dictionary().size()];
                for (int code = 0; code < valueHash.length; code++) {
                    valueHash[code] = s.dictionary().get(code).hashCode() * 0x9E3779B97F4A7C15L + 1;
                }
            }
            for (int r = 0; r < hashes.length; r++) {
                long value;
                if (column instanceof NumericColumn n) {
                    double d = n.get(r);
                    value = Double.isNaN(d) ? 0x7ff8L : Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
                } else {
                    int code = ((CategoricalColumn) column).code(r);
                    value = code < 0 ? 0x7ff8L : valueHash[code];
                }
                hashes[r] = mix(hashes[r] * 31 + mix(value + c));
            }
        }
        Arrays.sort(hashes);
        long duplicates = 0;
        for (int r = 1; r < hashes.length; r++) {
            if (hashes[r] == hashes[r - 1]) {
                duplicates++;
            }
        }
        return duplicates;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Leakage for a class target: every value of the feature goes with exactly one class. A
     * feature whose values are (nearly) all distinct trivially does that, like a row id, and
     * says nothing; so values must repeat, on average at least twice.
     */
    private static String classificationLeak(Column feature, long distinct, Labels target) {
        long pairs = 0;
        for (int r = 0; r < feature.size(); r++) {
            if (!feature.isMissing(r) && target.codes()[r] >= 0) {
                pairs++;
            }
        }
        if (distinct * 2 > pairs || distinct < 2) {
            return null;
        }
        Map<Object, Integer> classOf = new HashMap<>();
        Set<Integer> classes = new HashSet<>();
        for (int r = 0; r < feature.size(); r++) {
            int label = target.codes()[r];
            if (feature.isMissing(r) || label < 0) {
                continue;
            }
            classes.add(label);
            Object value = feature instanceof NumericColumn n ? (Object) n.get(r)
                    : (Object) ((CategoricalColumn) feature).code(r);
            Integer previous = classOf.putIfAbsent(value, label);
            if (previous != null && previous != label) {
                return null;
            }
        }
        boolean leaks = classes.size() >= 2 && classOf.size() >= 2 && classOf.size() * 2L <= pairs;
        return leaks ? "determines the target exactly: each of its " + classOf.size()
                + " values occurs with only one class" : null;
    }

    /** Leakage for a numeric target: a copy of it, or a numeric feature almost perfectly correlated. */
    private static String regressionLeak(Column feature, Column target) {
        if (!(feature instanceof NumericColumn x) || !(target instanceof NumericColumn y)) {
            return null;
        }
        long pairs = 0;
        boolean identical = true;
        double mx = 0;
        double my = 0;
        for (int r = 0; r < x.size(); r++) {
            if (!x.isMissing(r) && !y.isMissing(r)) {
                identical &= x.get(r) == y.get(r);
                pairs++;
                mx += x.get(r);
                my += y.get(r);
            }
        }
        if (pairs < 3) {
            return null;
        }
        if (identical) {
            return "has the same value as the target in every row";
        }
        mx /= pairs;
        my /= pairs;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int r = 0; r < x.size(); r++) {
            if (!x.isMissing(r) && !y.isMissing(r)) {
                double dx = x.get(r) - mx;
                double dy = y.get(r) - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }
        double r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
        return Math.abs(r) >= LEAKAGE_CORRELATION
                ? String.format(Locale.ROOT, "is almost perfectly correlated with the target (r = %.4f)", r)
                : null;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
