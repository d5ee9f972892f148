package dev.hone.ml.preprocess;

import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.ValueCount;
import dev.hone.ml.data.Values;
import dev.hone.vocabulary.Task;

/** The task a target calls for, when a run names none. */
public final class TaskInference {

    /** A numeric target with more distinct values than this is treated as a quantity. */
    static final int MAX_CLASSES_FOR_NUMERIC_TARGET = 20;

    private TaskInference() {
    }

    /**
     * Guesses the task from the target's profile: a numeric target with more than 20 distinct
     * values, or with non-integer values, is a regression target; anything else is a class
     * label. Integrality is judged from min, max and the most frequent values, which is all a
     * profile keeps; a caller who knows better passes the task explicitly.
     */
    public static Task infer(ColumnProfile target) {
        if (target.type() != ColumnType.NUMERIC) {
            return Task.CLASSIFICATION;
        }
        if (target.distinct() > MAX_CLASSES_FOR_NUMERIC_TARGET) {
            return Task.REGRESSION;
        }
        boolean integral = isInteger(target.min()) && isInteger(target.max());
        for (ValueCount v : target.topValues()) {
            Double d = Values.parseNumber(v.value());
            integral &= d != null && isInteger(d);
        }
        return integral ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static boolean isInteger(Double d) {
        return d != null && d == Math.rint(d);
    }
}
