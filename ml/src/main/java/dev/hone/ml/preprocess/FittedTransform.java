package dev.hone.ml.preprocess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.data.CategoricalColumn;
import dev.hone.ml.data.Column;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.NumericColumn;
import dev.hone.ml.data.Values;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Turns raw rows into model inputs, with statistics fitted on the training split only (so that
 * nothing about validation or test rows leaks into the model).
 *
 * <ul>
 *   <li>numeric column: missing values become the train median, then the column is standardized
 *       with the train mean and standard deviation (population, after imputation; 0 becomes 1), or,
 *       with {@link NumericScaling#QUANTILE}, mapped through its train quantiles to a standard normal,
 *       or, with {@link NumericScaling#PIECEWISE_LINEAR}, encoded as one input per quantile bin;
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

    /**
     * Bumped when the JSON layout changes, so old artifacts are recognized. Version 2 adds quantile
     * scaling and piecewise-linear bins; a transform with neither is still written as version 1, which
     * older readers accept.
     */
    static final int FORMAT_VERSION = 2;

    /** Most reference values a quantile-scaled column keeps (scikit-learn's default n_quantiles). */
    public static final int QUANTILES = 1000;
    /** Quantile-scaled values are clipped to this many standard deviations (scikit-learn's bound). */
    public static final double QUANTILE_CLIP = 5.2;
    /** Most bins of a piecewise-linear encoded column. */
    public static final int BINS = 16;

    static final String OTHER = "<other>";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * What is fitted for one input column. Numeric columns use median, mean and std, and, when
     * quantile-scaled, {@code quantiles}: train values at evenly spaced probabilities from 0 to 1
     * (null when standardized), and, when piecewise-linear encoded, {@code bins}: the bin edges,
     * ascending and distinct; categorical and boolean columns use mostFrequent and categories (the
     * one-hot slots before "other").
     */
    public record ColumnTransform(
            String column,
            ColumnType type,
            Double median,
            Double mean,
            Double std,
            String mostFrequent,
            List<String> categories,
            List<Double> quantiles,
            List<Double> bins) {

        public ColumnTransform {
            categories = categories == null ? List.of() : List.copyOf(categories);
            quantiles = quantiles == null ? null : List.copyOf(quantiles);
            bins = bins == null ? null : List.copyOf(bins);
        }

        /** Writes the model inputs for a (non-missing) value of a numeric column at {@code offset}. */
        void encode(double x, float[] row, int offset) {
            if (bins != null) {
                row[offset] = (float) ((x - mean) / std);
                for (int t = 1; t < bins.size(); t++) {
                    double low = bins.get(t - 1);
                    double high = bins.get(t);
                    row[offset + t] = (float) Math.min(Math.max((x - low) / (high - low), 0), 1);
                }
            } else if (quantiles != null) {
                row[offset] = (float) Quantiles.toNormal(quantiles, x, QUANTILE_CLIP);
            } else {
                row[offset] = (float) ((x - mean) / std);
            }
        }

        boolean numeric() {
            return type == ColumnType.NUMERIC;
        }

        /** Output features this column produces. */
        int width() {
            if (numeric()) {
                return bins == null ? 1 : bins.size();
            }
            return categories.size() + 1;
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
            if (c.numeric() && c.bins() != null) {
                names.add(c.column());
                for (int t = 1; t < c.bins().size(); t++) {
                    names.add(c.column() + "#" + t);
                }
            } else if (c.numeric()) {
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

    /**
     * Fits on a training table. Column types are those of the table's columns, which come from the
     * profile of the whole data set: a type describes the column, not the sample, and a train-only
     * profile could call a categorical column text just because it has fewer rows.
     */
    public static FittedTransform fit(DataTable train, String target, Task task, int maxCategories) {
        return fit(train, target, task, maxCategories, NumericScaling.STANDARD);
    }

    /** As {@link #fit(DataTable, String, Task, int)}, scaling numeric columns as {@code scaling} says. */
    public static FittedTransform fit(DataTable train, String target, Task task, int maxCategories,
            NumericScaling scaling) {
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
            Column column = train.column(c);
            if (c == targetIdx || column.type() == ColumnType.TEXT) {
                continue;
            }
            fitted.add(column instanceof NumericColumn n
                    ? fitNumeric(n, scaling)
                    : fitCategorical((CategoricalColumn) column, maxCategories));
        }

        Column targetColumn = train.column(targetIdx);
        if (task == Task.CLASSIFICATION) {
            return new FittedTransform(target, task, ClassLabels.sorted(Labels.of(targetColumn).names()), 0, 1,
                    fitted);
        }
        double[] y = parseTarget(target, targetColumn);
        double mean = mean(y);
        return new FittedTransform(target, task, List.of(), mean, nonZeroStd(y, mean), fitted);
    }

    private static ColumnTransform fitNumeric(NumericColumn column, NumericScaling scaling) {
        double[] values = column.values();
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (present.length == 0) {
            return new ColumnTransform(column.name(), ColumnType.NUMERIC, 0.0, 0.0, 1.0, null, List.of(), null, null);
        }
        Arrays.sort(present);
        int n = present.length;
        double median = n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
        // Statistics of the imputed column, as a scaler after an imputer in a pipeline sees it.
        double[] imputed = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            imputed[i] = Double.isNaN(values[i]) ? median : values[i];
        }
        double mean = mean(imputed);
        double std = nonZeroStd(imputed, mean);
        List<Double> quantiles = null;
        List<Double> bins = null;
        if (scaling == NumericScaling.QUANTILE) {
            Arrays.sort(imputed);
            quantiles = Quantiles.references(imputed, QUANTILES);
        } else if (scaling == NumericScaling.PIECEWISE_LINEAR) {
            Arrays.sort(imputed);
            List<Double> edges = Quantiles.references(imputed, BINS + 1).stream().distinct().toList();
            bins = edges.size() < 2 ? null : edges; // a constant column stays standardized (always 0)
        }
        return new ColumnTransform(column.name(), ColumnType.NUMERIC, median, mean, std, null, List.of(), quantiles,
                bins);
    }

    private static ColumnTransform fitCategorical(CategoricalColumn column, int maxCategories) {
        long[] counts = new long[column.dictionary().size()];
        for (int code : column.codes()) {
            if (code >= 0) {
                counts[code]++;
            }
        }
        // Most frequent first, ties by value, so the slot order is reproducible.
        List<String> byFrequency = IntStream.range(0, counts.length)
                .filter(code -> counts[code] > 0)
                .boxed()
                .sorted(Comparator.<Integer>comparingLong(code -> -counts[code])
                        .thenComparing(code -> column.dictionary().get(code)))
                .map(code -> column.dictionary().get(code))
                .toList();
        String mostFrequent = byFrequency.isEmpty() ? null : byFrequency.get(0);
        List<String> categories = byFrequency.subList(0, Math.min(maxCategories, byFrequency.size()));
        return new ColumnTransform(column.name(), column.type(), null, null, null, mostFrequent, categories, null,
                null);
    }

    /** The raw feature columns this transform reads, in order. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /**
     * Names of the output features: the column name for numbers ({@code column#t} for bin {@code t} of a
     * piecewise-linear encoded one, after the column name for its standardized value), {@code column=value}
     * for slots.
     */
    public List<String> featureNames() {
        return featureNames;
    }

    public int featureCount() {
        return featureNames.size();
    }

    /**
     * Per input column ({@link #inputColumns()} order), the indices of the features it produces, which are
     * consecutive: one for a standardized or quantile-scaled number, its bins after it for a piecewise-linear
     * one, one slot per kept category and "other" for a categorical one. What folds a feature-level explanation
     * back into the column a user knows.
     */
    public List<int[]> featureGroups() {
        List<int[]> groups = new ArrayList<>();
        int offset = 0;
        for (ColumnTransform column : columns) {
            groups.add(IntStream.range(offset, offset + column.width()).toArray());
            offset += column.width();
        }
        return groups;
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
     * Transforms a table's rows, column by column.
     *
     * @throws IllegalArgumentException when an input column is missing from the table, or is numeric
     *     in the transform but not in the table
     */
    public float[][] transform(DataTable t) {
        float[][] out = new float[t.rowCount()][featureNames.size()];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            ColumnTransform fitted = columns.get(c);
            int idx = t.columnIndex(fitted.column());
            if (idx < 0) {
                throw new IllegalArgumentException(
                        "Column '" + fitted.column() + "' is missing; the model needs " + inputColumns);
            }
            Column column = t.column(idx);
            if (fitted.numeric()) {
                if (!(column instanceof NumericColumn n)) {
                    throw new IllegalArgumentException("Column '" + fitted.column() + "' is numeric but has"
                            + " values such as '" + firstText(column) + "'");
                }
                double median = fitted.median();
                double[] values = n.values();
                for (int r = 0; r < out.length; r++) {
                    fitted.encode(Double.isNaN(values[r]) ? median : values[r], out[r], offset);
                }
            } else {
                // The one-hot slot of each value, looked up once per distinct value, not per row.
                int other = fitted.categories().size();
                Map<String, Integer> slots = categoryIndex.get(c);
                Integer imputed = fitted.mostFrequent() == null ? null : slots.get(fitted.mostFrequent());
                int missingSlot = imputed == null ? other : imputed;
                int[] slotOf;
                int[] codes;
                if (column instanceof CategoricalColumn s) {
                    codes = s.codes();
                    slotOf = new int[s.dictionary().size()];
                    for (int code = 0; code < slotOf.length; code++) {
                        slotOf[code] = slots.getOrDefault(s.dictionary().get(code), other);
                    }
                } else {
                    // A column that was categorical in training holds only numbers here.
                    codes = null;
                    slotOf = null;
                }
                for (int r = 0; r < out.length; r++) {
                    int slot;
                    if (codes != null) {
                        slot = codes[r] < 0 ? missingSlot : slotOf[codes[r]];
                    } else {
                        String value = column.text(r);
                        slot = value == null ? missingSlot : slots.getOrDefault(value, other);
                    }
                    out[r][offset + slot] = 1f;
                }
            }
            offset += fitted.width();
        }
        return out;
    }

    private static String firstText(Column column) {
        for (int r = 0; r < column.size(); r++) {
            if (!column.isMissing(r)) {
                return column.text(r);
            }
        }
        return "";
    }

    private float[] transformRow(String[] values) {
        float[] features = new float[featureNames.size()];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            ColumnTransform column = columns.get(c);
            String raw = values[c];
            if (column.numeric()) {
                double x = Values.isMissing(raw) ? column.median() : parseFeature(column.column(), raw);
                column.encode(x, features, offset);
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
        Labels labels = Labels.of(t.column(target));
        int[] indexOf = new int[labels.names().size()];
        for (int i = 0; i < indexOf.length; i++) {
            Integer index = classIndex.get(labels.names().get(i));
            indexOf[i] = index == null ? -1 : index;
        }
        int[] y = new int[t.rowCount()];
        for (int r = 0; r < y.length; r++) {
            int code = labels.codes()[r];
            if (code < 0) {
                throw new IllegalArgumentException("Row " + (r + 1) + " has no target value");
            }
            if (indexOf[code] < 0) {
                throw new IllegalArgumentException(
                        "Class '" + labels.names().get(code) + "' in row " + (r + 1)
                                + " was not in the training data; known classes are " + classLabels);
            }
            y[r] = indexOf[code];
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

    /** The regression target of each row in its own units. */
    public double[] regressionTarget(DataTable t) {
        requireTask(Task.REGRESSION);
        return parseTarget(target, t.column(target));
    }

    /** A model's standardized regression output in the target's own units. */
    public double decodeRegression(float standardized) {
        return standardized * targetStd + targetMean;
    }

    public byte[] toJson() {
        try {
            boolean quantiles = columns.stream().anyMatch(c -> c.quantiles() != null || c.bins() != null);
            return JSON.writeValueAsBytes(new Document(
                    quantiles ? FORMAT_VERSION : 1, target, task, classLabels, targetMean, targetStd, columns));
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
        if (d.version() < 1 || d.version() > FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "Unsupported transform format version " + d.version() + "; expected 1 to "
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

    private static double[] parseTarget(String target, Column raw) {
        double[] y = new double[raw.size()];
        for (int r = 0; r < y.length; r++) {
            if (raw.isMissing(r)) {
                throw new IllegalArgumentException("Row " + (r + 1) + " has no target value");
            }
            y[r] = raw instanceof NumericColumn n ? n.get(r) : Values.number(raw.text(r));
            if (Double.isNaN(y[r])) {
                throw new IllegalArgumentException(
                        "Target column '" + target + "' must be numeric for regression but row "
                                + (r + 1) + " has '" + raw.text(r) + "'");
            }
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
