package dev.hone.ml.preprocess;

import dev.hone.ml.data.Column;
import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Progress;
import dev.hone.ml.data.Values;
import dev.hone.vocabulary.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a table against the options, checks its quality, splits it and fits the transform
 * on the train split. Rows without a target value are left out (the quality report says how
 * many).
 */
public final class Preprocessor {

    public static final int MAX_CLASSES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

    private Preprocessor() {}

    /** @throws PreprocessingException when the table cannot be used as asked */
    public static PreprocessingResult run(DataTable t, PreprocessingOptions o) {
        return run(t, Profiler.profile(t), o, Progress.NONE);
    }

    /**
     * Preprocesses a table whose profile is known (a data set's stored profile), telling {@code
     * progress} which step it is in.
     *
     * @throws PreprocessingException when the table cannot be used as asked
     */
    public static PreprocessingResult run(DataTable t, DataProfile profile, PreprocessingOptions o,
            Progress progress) {
        int targetIdx = t.columnIndex(o.target());
        if (targetIdx < 0) {
            throw new PreprocessingException(
                    "Target column '" + o.target() + "' does not exist; columns are " + t.columns());
        }
        ColumnProfile targetProfile = profile.column(o.target());
        Column target = t.column(targetIdx);
        if (targetProfile.missing() == t.rowCount()) {
            throw new PreprocessingException("Target column '" + o.target() + "' has no values");
        }
        Task task = o.task() != null ? o.task() : TaskInference.infer(targetProfile);

        int[] labelled = IntStream.range(0, t.rowCount()).filter(r -> !target.isMissing(r)).toArray();
        DataTable usable = labelled.length == t.rowCount() ? t : t.selectRows(labelled);
        if (task == Task.REGRESSION) {
            validateRegressionTarget(o.target(), usable.column(targetIdx));
        } else {
            validateClasses(o.target(), Labels.of(usable.column(targetIdx)));
        }
        boolean hasFeature = profile.columns().stream()
                .anyMatch(c -> !c.name().equals(o.target()) && c.type() != ColumnType.TEXT);
        if (!hasFeature) {
            throw new PreprocessingException(
                    "No usable feature columns: besides the target '" + o.target() + "' there are"
                            + " only text or empty columns, which are not used as features");
        }

        progress.update("checking data quality", t.rowCount(), -1);
        DataQualityReport quality = DataQualityChecker.check(t, o.target(), task);
        progress.update("splitting", usable.rowCount(), -1);
        DataSplit split = Splitter.split(usable, o, task);
        progress.update("fitting the transform", split.train().rowCount(), -1);
        FittedTransform transform = FittedTransform.fit(split.train(), o.target(), task, o.maxCategories(),
                o.numericScaling());
        LOG.info("Preprocessed {} rows for {} of '{}': {} train, {} validation, {} test, {} features,"
                        + " {} quality issues",
                usable.rowCount(), task, o.target(), split.train().rowCount(),
                split.validation().rowCount(), split.test().rowCount(), transform.featureCount(),
                quality.issues().size());
        return new PreprocessingResult(task, split, transform, quality);
    }

    private static void validateRegressionTarget(String target, Column values) {
        if (values.type() == ColumnType.NUMERIC) {
            return;
        }
        for (int r = 0; r < values.size(); r++) {
            if (Values.parseNumber(values.text(r)) == null) {
                throw new PreprocessingException(
                        "Target column '" + target + "' is not numeric (it has values such as '"
                                + values.text(r) + "'), so it cannot be used for regression");
            }
        }
    }

    private static void validateClasses(String target, Labels labels) {
        long[] counts = labels.counts();
        if (counts.length < 2) {
            throw new PreprocessingException(
                    "Target column '" + target + "' has only one class ('"
                            + labels.names().get(0) + "'); classification needs at"
                            + " least two");
        }
        if (counts.length > MAX_CLASSES) {
            throw new PreprocessingException(
                    "Target column '" + target + "' has " + counts.length + " distinct values;"
                            + " classification supports at most " + MAX_CLASSES + " classes."
                            + " Is it a quantity (use regression) or an identifier?");
        }
        Map<String, Long> byLabel = new HashMap<>();
        for (int i = 0; i < counts.length; i++) {
            byLabel.put(labels.names().get(i), counts[i]);
        }
        List<String> tooSmall = ClassLabels.sorted(byLabel.keySet()).stream()
                .filter(label -> byLabel.get(label) < Splitter.MIN_ROWS_PER_CLASS)
                .toList();
        if (!tooSmall.isEmpty()) {
            throw new PreprocessingException(
                    "Classes " + tooSmall + " in target column '" + target + "' have fewer than "
                            + Splitter.MIN_ROWS_PER_CLASS + " rows; each class needs at least "
                            + Splitter.MIN_ROWS_PER_CLASS + " to appear in train, validation and"
                            + " test. Add rows or remove those classes.");
        }
    }
}
