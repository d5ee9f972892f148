package dev.hone.ml.preprocess;

import dev.hone.ml.data.DataTable;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits a table into train, validation and test sets. Classification splits are stratified:
 * each class is shuffled and divided on its own, so class proportions are the same in every
 * split and every class with at least 3 rows appears in all three. The same seed always gives
 * the same split; each split keeps the rows in their original order.
 */
public final class Splitter {

    /** Rows a class (or a regression table) needs so that each split gets at least one. */
    public static final int MIN_ROWS_PER_CLASS = 3;

    private Splitter() {}

    /** Rows with no target value are not allowed here; {@link Preprocessor} drops them first. */
    public static DataSplit split(DataTable t, PreprocessingOptions o, Task task) {
        int targetIdx = t.columnIndex(o.target());
        if (targetIdx < 0) {
            throw new PreprocessingException(
                    "Target column '" + o.target() + "' does not exist; columns are " + t.columns());
        }
        Labels labels = task == Task.CLASSIFICATION ? Labels.of(t.column(targetIdx)) : null;
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.column(targetIdx).isMissing(r)) {
                throw new PreprocessingException(
                        "Row " + (r + 1) + " has no value in the target column '" + o.target() + "'");
            }
            String group = labels != null ? labels.names().get(labels.codes()[r]) : "";
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(r);
        }

        Random random = new Random(o.seed());
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        // Groups in sorted label order, so the random stream is consumed the same way every time.
        for (String group : ClassLabels.sorted(groups.keySet())) {
            List<Integer> rows = groups.get(group);
            if (rows.size() < MIN_ROWS_PER_CLASS) {
                throw new PreprocessingException(
                        task == Task.CLASSIFICATION
                                ? "Class '" + group + "' has only " + rows.size() + " row(s); each"
                                        + " class needs at least " + MIN_ROWS_PER_CLASS
                                        + " rows to appear in train, validation and test"
                                : "The table has only " + rows.size() + " row(s); at least "
                                        + MIN_ROWS_PER_CLASS + " are needed for train, validation"
                                        + " and test");
            }
            Collections.shuffle(rows, random);
            int[] sizes = splitSizes(rows.size(), o.trainFraction(), o.validationFraction());
            train.addAll(rows.subList(0, sizes[0]));
            validation.addAll(rows.subList(sizes[0], sizes[0] + sizes[1]));
            test.addAll(rows.subList(sizes[0] + sizes[1], rows.size()));
        }
        Collections.sort(train);
        Collections.sort(validation);
        Collections.sort(test);
        return new DataSplit(t.selectRows(train), t.selectRows(validation), t.selectRows(test));
    }

    /**
     * A sample of about {@code rows} rows (each class rounded), in their original order: for classification each class
     * keeps its share (rounded, at least one row), for regression rows are drawn uniformly. The same
     * seed gives the same sample; a table of at most {@code rows} rows is returned whole.
     */
    public static DataTable sample(DataTable t, String target, Task task, int rows, long seed) {
        if (t.rowCount() <= rows) {
            return t;
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        Labels labels = task == Task.CLASSIFICATION ? Labels.of(t.column(target)) : null;
        for (int r = 0; r < t.rowCount(); r++) {
            groups.computeIfAbsent(labels == null ? 0 : labels.codes()[r], k -> new ArrayList<>()).add(r);
        }
        Random random = new Random(seed);
        List<Integer> chosen = new ArrayList<>(rows);
        // Classes in sorted label order, so the random stream is consumed the same way every time.
        List<Integer> order = new ArrayList<>(groups.keySet());
        if (labels != null) {
            List<String> sorted = ClassLabels.sorted(order.stream().map(code -> labels.names().get(code)).toList());
            order.sort(java.util.Comparator.comparingInt(code -> sorted.indexOf(labels.names().get(code))));
        }
        for (int group : order) {
            List<Integer> members = groups.get(group);
            int take = Math.max(1, (int) Math.round((double) members.size() * rows / t.rowCount()));
            Collections.shuffle(members, random);
            chosen.addAll(members.subList(0, Math.min(take, members.size())));
        }
        Collections.sort(chosen);
        return t.selectRows(chosen);
    }

    /**
     * Deals {@code classes.length} rows into {@code k} cross-validation folds; element {@code r} is row
     * {@code r}'s fold. For classification ({@code classes} holds each row's class code) each class is
     * shuffled and dealt round-robin, continuing where the class before it stopped, so every fold holds
     * each class's share give or take a row; for regression ({@code classes} null, {@code rows} given) all
     * rows are shuffled and dealt. The same seed always gives the same folds.
     */
    public static int[] folds(int[] classes, int rows, int k, long seed) {
        if (k < 2 || k > rows) {
            throw new IllegalArgumentException("Cannot deal " + rows + " rows into " + k + " folds");
        }
        Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
        for (int r = 0; r < rows; r++) {
            groups.computeIfAbsent(classes == null ? 0 : classes[r], c -> new ArrayList<>()).add(r);
        }
        Random random = new Random(seed);
        int[] fold = new int[rows];
        int next = 0;
        for (List<Integer> members : groups.values()) {
            Collections.shuffle(members, random);
            for (int r : members) {
                fold[r] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /**
     * Train, validation and test sizes for n >= 3 rows: train and validation rounded to the
     * nearest row, test the rest, and each split at least one row.
     */
    static int[] splitSizes(int n, double trainFraction, double validationFraction) {
        int validation = Math.max(1, (int) Math.round(n * validationFraction));
        int train = (int) Math.round(n * trainFraction);
        train = Math.max(1, Math.min(train, n - validation - 1));
        return new int[] {train, validation, n - train - validation};
    }
}
