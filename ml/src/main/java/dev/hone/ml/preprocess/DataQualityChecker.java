package dev.hone.ml.preprocess;

import static dev.hone.ml.preprocess.QualityIssue.CLASS_IMBALANCE;
import static dev.hone.ml.preprocess.QualityIssue.CONSTANT_COLUMN;
import static dev.hone.ml.preprocess.QualityIssue.DUPLICATE_ROWS;
import static dev.hone.ml.preprocess.QualityIssue.ERROR;
import static dev.hone.ml.preprocess.QualityIssue.INFO;
import static dev.hone.ml.preprocess.QualityIssue.MISSING_VALUES;
import static dev.hone.ml.preprocess.QualityIssue.TARGET_LEAKAGE;
import static dev.hone.ml.preprocess.QualityIssue.WARNING;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Values;
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

/**
 * Looks for data problems worth telling the user about before training: missing values,
 * constant columns, duplicate rows, class imbalance and target leakage. It reports; it does not
 * change the data.
 */
public final class DataQualityChecker {

    /** A feature column missing in at least this share of rows is a warning, below it a note. */
    static final double MISSING_WARNING_SHARE = 0.2;

    /** Largest / smallest class at or above this ratio is reported. */
    static final double IMBALANCE_WARNING_RATIO = 3.0;

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
        for (int c = 0; c < t.columns().size(); c++) {
            String name = t.columns().get(c);
            String[] values = t.column(c);
            long missing = Arrays.stream(values).filter(Values::isMissing).count();
            missingByColumn.put(name, missing);
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
            long distinct = Arrays.stream(values).filter(v -> !Values.isMissing(v))
                    .map(String::strip).distinct().count();
            if (distinct <= 1) {
                constantColumns.add(name);
                issues.add(new QualityIssue(INFO, CONSTANT_COLUMN, name,
                        "Column '" + name + "' has " + (distinct == 0 ? "no values" : "the same value"
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

        String[] targetValues = t.column(targetIdx);
        Map<String, Long> classCounts = new LinkedHashMap<>();
        Double imbalanceRatio = null;
        if (task == Task.CLASSIFICATION) {
            Map<String, Long> counts = new HashMap<>();
            for (String v : targetValues) {
                if (!Values.isMissing(v)) {
                    counts.merge(v.strip(), 1L, Long::sum);
                }
            }
            for (String label : ClassLabels.sorted(counts.keySet())) {
                classCounts.put(label, counts.get(label));
            }
            if (!counts.isEmpty()) {
                long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                long min = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
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
            String[] feature = t.column(c);
            String why = task == Task.CLASSIFICATION
                    ? classificationLeak(feature, targetValues)
                    : regressionLeak(feature, targetValues);
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

    private static long countDuplicates(DataTable t) {
        Set<List<String>> seen = new HashSet<>();
        long duplicates = 0;
        for (String[] row : t.rows()) {
            if (!seen.add(Arrays.asList(row))) {
                duplicates++;
            }
        }
        return duplicates;
    }

    /**
     * Leakage for a class target: every value of the feature goes with exactly one class. A
     * feature whose values are (nearly) all distinct trivially does that, like a row id, and
     * says nothing; so values must repeat, on average at least twice.
     */
    private static String classificationLeak(String[] feature, String[] target) {
        Map<String, String> classOf = new HashMap<>();
        Set<String> classes = new HashSet<>();
        long pairs = 0;
        for (int r = 0; r < feature.length; r++) {
            if (Values.isMissing(feature[r]) || Values.isMissing(target[r])) {
                continue;
            }
            pairs++;
            String label = target[r].strip();
            classes.add(label);
            String previous = classOf.putIfAbsent(feature[r].strip(), label);
            if (previous != null && !previous.equals(label)) {
                return null;
            }
        }
        boolean leaks = classes.size() >= 2 && classOf.size() >= 2 && classOf.size() * 2 <= pairs;
        return leaks ? "determines the target exactly: each of its " + classOf.size()
                + " values occurs with only one class" : null;
    }

    /** Leakage for a numeric target: a copy of it, or a numeric feature almost perfectly correlated. */
    private static String regressionLeak(String[] feature, String[] target) {
        List<double[]> pairs = new ArrayList<>();
        boolean identical = true;
        boolean numeric = true;
        for (int r = 0; r < feature.length; r++) {
            if (Values.isMissing(feature[r]) || Values.isMissing(target[r])) {
                continue;
            }
            identical &= feature[r].strip().equals(target[r].strip());
            Double x = Values.parseNumber(feature[r]);
            Double y = Values.parseNumber(target[r]);
            numeric &= x != null;
            if (x != null && y != null) {
                pairs.add(new double[] {x, y});
            }
        }
        if (pairs.size() < 3) {
            return null;
        }
        if (identical) {
            return "has the same value as the target in every row";
        }
        if (!numeric) {
            return null;
        }
        double r = pearson(pairs);
        return Math.abs(r) >= LEAKAGE_CORRELATION
                ? String.format(Locale.ROOT, "is almost perfectly correlated with the target (r = %.4f)", r)
                : null;
    }

    private static double pearson(List<double[]> pairs) {
        double mx = 0;
        double my = 0;
        for (double[] p : pairs) {
            mx += p[0];
            my += p[1];
        }
        mx /= pairs.size();
        my /= pairs.size();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
