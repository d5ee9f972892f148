package dev.hone.ml.preprocess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Values;
import dev.hone.vocabulary.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns raw rows into model inputs, with statistics fitted on the training split only (so that
 * nothing about validation or test rows leaks into the model).
 *
 * <ul>
 *   <li>numeric column: missing values become the train median, then the column is standardized
 *       with the train mean and standard deviation (population, after imputation; 0 becomes 1);
 *   <li>categorical or boolean column: missing values become the most frequent train value, then
 *       one-hot over the {@code maxCategories} most frequent train values plus one "other" slot
 *       for values that were rare or unseen in train;
 *   <li>text columns and the target are left out.
 * </ul>
 *
 * <p>It also encodes the target: class labels to indices in sorted label order, and regression
 * targets standardized with the train mean and standard deviation (the model learns the
 * standardized value; {@link #decodeRegression} maps it back).
 *
 * <p>Immutable; stored as JSON (see {@link #toJson()}).
 */
public final class FittedTransform {

    /** Bumped when the JSON layout changes, so old artifacts are recognized. */
    static final int FORMAT_VERSION = 1;

    static final String OTHER = "<other>";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * What is fitted for one input column. Numeric columns use median, mean and std; categorical
     * and boolean columns use mostFrequent and categories (the one-hot slots before "other").
     */
    public record ColumnTransform(
            String column,
            ColumnType type,
            Double median,
            Double mean,
            Double std,
            String mostFrequent,
            List<String> categories) {

        public ColumnTransform {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        boolean numeric() {
            return type == ColumnType.NUMERIC;
        }

        /** Output features this column produces. */
        int width() {
            return numeric() ? 1 : categories.size() + 1;
        }
    }

    /** The JSON document. */
    record Document(
            int version,
            String target,
            Task task,
            List<String> classLabels,
            double targetMean,
            double targetStd,
            List<ColumnTransform> columns) {}

    private final String target;
    private final Task task;
    private final List<String> classLabels;
    private final double targetMean;
    private final double targetStd;
    private final List<ColumnTransform> columns;
    // Derived lookups, rebuilt from the fields above.
    private final List<String> inputColumns;
    private final List<String> featureNames;
    private final Map<String, Integer> classIndex;
    private final List<Map<String, Integer>> categoryIndex;

    private FittedTransform(
            String target,
            Task task,
            List<String> classLabels,
            double targetMean,
            double targetStd,
            List<ColumnTransform> columns) {
        this.target = target;
        this.task = task;
        this.classLabels = List.copyOf(classLabels);
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        this.columns = List.copyOf(columns);
        this.inputColumns = this.columns.stream().map(ColumnTransform::column).toList();
        List<String> names = new ArrayList<>();
        List<Map<String, Integer>> indexes = new ArrayList<>();
        for (ColumnTransform c : this.columns) {
            Map<String, Integer> index = new HashMap<>();
            if (c.numeric()) {
                names.add(c.column());
            } else {
                for (String category : c.categories()) {
                    index.put(category, index.size());
                    names.add(c.column() + "=" + category);
                }
                names.add(c.column() + "=" + OTHER);
            }
            indexes.add(index);
        }
        this.featureNames = List.copyOf(names);
        this.categoryIndex = List.copyOf(indexes);
        Map<String, Integer> classes = new HashMap<>();
        for (String label : this.classLabels) {
            classes.put(label, classes.size());
        }
        this.classIndex = classes;
    }

    /** Fits on a training table, inferring column types from that table. */
    public static FittedTransform fit(DataTable train, String target, Task task, int maxCategories) {
        return fit(train, Profiler.profile(train), target, task, maxCategories);
    }

    /**
     * Fits on a training table. Column types come from {@code types}, usually the profile of the
     * whole data set: a type describes the column, not the sample, and a train-only profile could
     * call a categorical column text just because it has fewer rows.
     */
    public static FittedTransform fit(
            DataTable train, DataProfile types, String target, Task task, int maxCategories) {
        int targetIdx = train.columnIndex(target);
        if (targetIdx < 0) {
            throw new IllegalArgumentException(
                    "Target column '" + target + "' does not exist; columns are " + train.columns());
        }
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1");
        }
        List<ColumnTransform> fitted = new ArrayList<>();
        for (int c = 0; c < train.columns().size(); c++) {
            String name = train.columns().get(c);
            ColumnType type = types.column(name).type();
            if (c == targetIdx || type == ColumnType.TEXT) {
                continue;
            }
            fitted.add(type == ColumnType.NUMERIC
                    ? fitNumeric(name, train.column(c))
                    : fitCategorical(name, type, train.column(c), maxCategories));
        }

        String[] targetValues = train.column(targetIdx);
        if (task == Task.CLASSIFICATION) {
            List<String> labels = ClassLabels.sorted(
                    Arrays.stream(targetValues).filter(v -> !Values.isMissing(v)).map(String::strip)
                            .distinct().toList());
            return new FittedTransform(target, task, labels, 0, 1, fitted);
        }
        double[] y = parseTarget(target, targetValues);
        double mean = mean(y);
        return new FittedTransform(target, task, List.of(), mean, nonZeroStd(y, mean), fitted);
    }

    private static ColumnTransform fitNumeric(String name, String[] raw) {
        List<Double> present = new ArrayList<>();
        for (String v : raw) {
            if (!Values.isMissing(v)) {
                present.add(parseFeature(name, v));
            }
        }
        if (present.isEmpty()) {
            return new ColumnTransform(name, ColumnType.NUMERIC, 0.0, 0.0, 1.0, null, List.of());
        }
        Collections.sort(present);
        int n = present.size();
        double median = n % 2 == 1
                ? present.get(n / 2)
                : (present.get(n / 2 - 1) + present.get(n / 2)) / 2;
        // Statistics of the imputed column, as a scaler after an imputer in a pipeline sees it.
        double[] imputed = new double[raw.length];
        int i = 0;
        for (String v : raw) {
            imputed[i++] = Values.isMissing(v) ? median : parseFeature(name, v);
        }
        double mean = mean(imputed);
        return new ColumnTransform(
                name, ColumnType.NUMERIC, median, mean, nonZeroStd(imputed, mean), null, List.of());
    }

    private static ColumnTransform fitCategorical(
            String name, ColumnType type, String[] raw, int maxCategories) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String v : raw) {
            if (!Values.isMissing(v)) {
                counts.merge(v.strip(), 1L, Long::sum);
            }
        }
        // Most frequent first, ties by value, so the slot order is reproducible.
        List<String> byFrequency = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        String mostFrequent = byFrequency.isEmpty() ? null : byFrequency.get(0);
        List<String> categories = byFrequency.subList(0, Math.min(maxCategories, byFrequency.size()));
        return new ColumnTransform(name, type, null, null, null, mostFrequent, categories);
    }

    /** The raw feature columns this transform reads, in order. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** Names of the output features: the column name for numbers, {@code column=value} for slots. */
    public List<String> featureNames() {
        return featureNames;
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** What was fitted per input column, in {@link #inputColumns()} order. */
    public List<ColumnTransform> columnTransforms() {
        return columns;
    }

    public Task task() {
        return task;
    }

    public String target() {
        return target;
    }

    /** Class labels in model output order; empty for regression. */
    public List<String> classLabels() {
        return classLabels;
    }

    /** Train mean of a regression target (0 for classification). */
    public double targetMean() {
        return targetMean;
    }

    /** Train standard deviation of a regression target (1 for classification). */
    public double targetStd() {
        return targetStd;
    }

    /**
     * Transforms rows given as column name to raw value. A column that is absent, null or a
     * missing marker is imputed; other keys are ignored.
     *
     * @throws IllegalArgumentException when a numeric column holds text that is not a number
     */
    public float[][] transform(List<Map<String, String>> rows) {
        float[][] out = new float[rows.size()][];
        String[] values = new String[columns.size()];
        for (int r = 0; r < out.length; r++) {
            Map<String, String> row = rows.get(r);
            for (int c = 0; c < values.length; c++) {
                values[c] = row.get(columns.get(c).column());
            }
            out[r] = transformRow(values);
        }
        return out;
    }

    /**
     * Transforms a table's rows.
     *
     * @throws IllegalArgumentException when an input column is missing from the table, or a
     *     numeric column holds text that is not a number
     */
    public float[][] transform(DataTable t) {
        int[] positions = new int[columns.size()];
        for (int c = 0; c < positions.length; c++) {
            positions[c] = t.columnIndex(columns.get(c).column());
            if (positions[c] < 0) {
                throw new IllegalArgumentException(
                        "Column '" + columns.get(c).column() + "' is missing; the model needs "
                                + inputColumns);
            }
        }
        float[][] out = new float[t.rowCount()][];
        String[] values = new String[positions.length];
        for (int r = 0; r < out.length; r++) {
            String[] row = t.rows().get(r);
            for (int c = 0; c < positions.length; c++) {
                values[c] = row[positions[c]];
            }
            out[r] = transformRow(values);
        }
        return out;
    }

    private float[] transformRow(String[] values) {
        float[] features = new float[featureNames.size()];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            ColumnTransform column = columns.get(c);
            String raw = values[c];
            if (column.numeric()) {
                double x = Values.isMissing(raw) ? column.median() : parseFeature(column.column(), raw);
                features[offset] = (float) ((x - column.mean()) / column.std());
            } else {
                String value = Values.isMissing(raw) ? column.mostFrequent() : raw.strip();
                Integer slot = value == null ? null : categoryIndex.get(c).get(value);
                features[offset + (slot == null ? column.categories().size() : slot)] = 1f;
            }
            offset += column.width();
        }
        return features;
    }

    /**
     * The class index of each row's target, in {@link #classLabels()} order.
     *
     * @throws IllegalArgumentException for a missing target or a label not seen in training
     */
    public int[] encodeClasses(DataTable t) {
        requireTask(Task.CLASSIFICATION);
        String[] labels = t.column(target);
        int[] y = new int[labels.length];
        for (int r = 0; r < y.length; r++) {
            if (Values.isMissing(labels[r])) {
                throw new IllegalArgumentException("Row " + (r + 1) + " has no target value");
            }
            Integer index = classIndex.get(labels[r].strip());
            if (index == null) {
                throw new IllegalArgumentException(
                        "Class '" + labels[r].strip() + "' in row " + (r + 1)
                                + " was not in the training data; known classes are " + classLabels);
            }
            y[r] = index;
        }
        return y;
    }

    /** The standardized regression target of each row. */
    public float[] encodeRegressionTarget(DataTable t) {
        requireTask(Task.REGRESSION);
        double[] y = parseTarget(target, t.column(target));
        float[] out = new float[y.length];
        for (int r = 0; r < y.length; r++) {
            out[r] = (float) ((y[r] - targetMean) / targetStd);
        }
        return out;
    }

    /** A model's standardized regression output in the target's own units. */
    public double decodeRegression(float standardized) {
        return standardized * targetStd + targetMean;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(new Document(
                    FORMAT_VERSION, target, task, classLabels, targetMean, targetStd, columns));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize transform", e);
        }
    }

    public static FittedTransform fromJson(byte[] json) {
        Document d;
        try {
            d = JSON.readValue(json, Document.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a fitted transform document: " + e.getMessage(), e);
        }
        if (d.version() != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "Unsupported transform format version " + d.version() + "; expected "
                            + FORMAT_VERSION);
        }
        return new FittedTransform(
                d.target(), d.task(), d.classLabels(), d.targetMean(), d.targetStd(), d.columns());
    }

    private void requireTask(Task expected) {
        if (task != expected) {
            throw new IllegalStateException("This transform is for " + task + ", not " + expected);
        }
    }

    private static double parseFeature(String column, String raw) {
        Double d = Values.parseNumber(raw);
        if (d == null) {
            throw new IllegalArgumentException(
                    "Column '" + column + "' is numeric but has the value '" + raw.strip() + "'");
        }
        return d;
    }

    private static double[] parseTarget(String target, String[] raw) {
        double[] y = new double[raw.length];
        for (int r = 0; r < y.length; r++) {
            if (Values.isMissing(raw[r])) {
                throw new IllegalArgumentException("Row " + (r + 1) + " has no target value");
            }
            Double d = Values.parseNumber(raw[r]);
            if (d == null) {
                throw new IllegalArgumentException(
                        "Target column '" + target + "' must be numeric for regression but row "
                                + (r + 1) + " has '" + raw[r].strip() + "'");
            }
            y[r] = d;
        }
        return y;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    /** Population standard deviation; 1 instead of 0 so a constant column divides safely. */
    private static double nonZeroStd(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        double std = values.length == 0 ? 0 : Math.sqrt(sum / values.length);
        return std > 0 ? std : 1;
    }
}
