package dev.hone.ml.preprocess;

/**
 * One finding about a data set.
 *
 * @param severity INFO, WARNING or ERROR
 * @param code MISSING_VALUES, CONSTANT_COLUMN, DUPLICATE_ROWS, CLASS_IMBALANCE or TARGET_LEAKAGE
 * @param column the column concerned, or null for the whole table
 * @param message what was found and what it means, for people
 */
public record QualityIssue(String severity, String code, String column, String message) {

    public static final String INFO = "INFO";
    public static final String WARNING = "WARNING";
    public static final String ERROR = "ERROR";

    public static final String MISSING_VALUES = "MISSING_VALUES";
    public static final String CONSTANT_COLUMN = "CONSTANT_COLUMN";
    public static final String DUPLICATE_ROWS = "DUPLICATE_ROWS";
    public static final String CLASS_IMBALANCE = "CLASS_IMBALANCE";
    public static final String TARGET_LEAKAGE = "TARGET_LEAKAGE";
}
