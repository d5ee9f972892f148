package dev.hone.ml.preprocess;

import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Values;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        int targetIdx = t.columnIndex(o.target());
        if (targetIdx < 0) {
            throw new PreprocessingException(
                    "Target column '" + o.target() + "' does not exist; columns are " + t.columns());
        }
        DataProfile profile = Profiler.profile(t);
        ColumnProfile targetProfile = profile.columns().get(targetIdx);
        if (targetProfile.missing() == t.rowCount()) {
            throw new PreprocessingException("Target column '" + o.target() + "' has no values");
        }
        Task task = o.task() != null ? o.task() : TaskInference.infer(targetProfile);

        List<Integer> labelled = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (!Values.isMissing(t.rows().get(r)[targetIdx])) {
                labelled.add(r);
            }
        }
        DataTable usable = labelled.size() == t.rowCount() ? t : t.selectRows(labelled);
        if (task == Task.REGRESSION) {
            validateRegressionTarget(o.target(), targetProfile, usable.column(targetIdx));
        } else {
            validateClasses(o.target(), usable.column(targetIdx));
        }
        boolean hasFeature = profile.columns().stream()
                .anyMatch(c -> !c.name().equals(o.target()) && c.type() != ColumnType.TEXT);
        if (!hasFeature) {
            throw new PreprocessingException(
                    "No usable feature columns: besides the target '" + o.target() + "' there are"
                            + " only text or empty columns, which are not used as features");
        }

        DataQualityReport quality = DataQualityChecker.check(t, o.target(), task);
        DataSplit split = Splitter.split(usable, o, task);
        FittedTransform transform =
                FittedTransform.fit(split.train(), profile, o.target(), task, o.maxCategories());
        LOG.info("Preprocessed {} rows for {} of '{}': {} train, {} validation, {} test, {} features,"
                        + " {} quality issues",
                usable.rowCount(), task, o.target(), split.train().rowCount(),
                split.validation().rowCount(), split.test().rowCount(), transform.featureCount(),
                quality.issues().size());
        return new PreprocessingResult(task, split, transform, quality);
    }

    private static void validateRegressionTarget(String target, ColumnProfile profile, String[] values) {
        if (profile.type() == ColumnType.NUMERIC) {
            return;
        }
        for (String v : values) {
            if (Values.parseNumber(v) == null) {
                throw new PreprocessingException(
                        "Target column '" + target + "' is not numeric (it has values such as '"
                                + v.strip() + "'), so it cannot be used for regression");
            }
        }
    }

    private static void validateClasses(String target, String[] values) {
        Map<String, Long> counts = new HashMap<>();
        for (String v : values) {
            counts.merge(v.strip(), 1L, Long::sum);
        }
        if (counts.size() < 2) {
            throw new PreprocessingException(
                    "Target column '" + target + "' has only one class ('"
                            + counts.keySet().iterator().next() + "'); classification needs at"
                            + " least two");
        }
        if (counts.size() > MAX_CLASSES) {
            throw new PreprocessingException(
                    "Target column '" + target + "' has " + counts.size() + " distinct values;"
                            + " classification supports at most " + MAX_CLASSES + " classes."
                            + " Is it a quantity (use regression) or an identifier?");
        }
        List<String> tooSmall = ClassLabels.sorted(counts.keySet()).stream()
                .filter(label -> counts.get(label) < Splitter.MIN_ROWS_PER_CLASS)
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
