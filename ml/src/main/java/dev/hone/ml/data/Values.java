package dev.hone.ml.data;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** How raw cell text is read: missing-value markers and numbers. */
public final class Values {

    private static final Set<String> MISSING_MARKERS = Set.of("na", "n/a", "nan", "null", "?");

    /*
     * Plain decimal or scientific notation only: Double.parseDouble would also accept "1d", "0x1p3",
     * "Infinity", which in a CSV are almost certainly not meant as numbers.
     */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no");

    private Values() {}

    /** Whether a raw cell means "no value": null, blank, or NA, N/A, NaN, null, ? in any case. */
    public static boolean isMissing(String raw) {
        if (raw == null) {
            return true;
        }
        String s = raw.strip();
        return s.isEmpty() || MISSING_MARKERS.contains(s.toLowerCase(Locale.ROOT));
    }

    /** The trimmed value, or null when the cell is missing. */
    public static String normalize(String raw) {
        return isMissing(raw) ? null : raw.strip();
    }

    /** The number in a cell, or null when the text is not a finite number. */
    public static Double parseNumber(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : null;
    }

    /** Whether a value is one of true/false/yes/no, in any case. */
    public static boolean isBooleanWord(String value) {
        return value != null && BOOLEAN_WORDS.contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
