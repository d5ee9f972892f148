package dev.hone.ml.data;

import java.util.Locale;
import java.util.Set;

/** How raw cell text is read: missing-value markers and numbers. */
public final class Values {

    private static final Set<String> MISSING_MARKERS = Set.of("na", "n/a", "nan", "null", "?");

    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no");

    private Values() {}

    /** Whether a raw cell means "no value": null, blank, or NA, N/A, NaN, null, ? in any case. */
    public static boolean isMissing(String raw) {
        if (raw == null) {
            return true;
        }
        // Most cells are decided by their first character, without stripping or lower-casing.
        if (raw.isEmpty()) {
            return true;
        }
        char first = raw.charAt(0);
        if (first != 'n' && first != 'N' && first != '?' && !Character.isWhitespace(first)) {
            return false;
        }
        String s = raw.strip();
        return s.isEmpty() || (s.length() <= 4 && MISSING_MARKERS.contains(s.toLowerCase(Locale.ROOT)));
    }

    /** The trimmed value, or null when the cell is missing. */
    public static String normalize(String raw) {
        return isMissing(raw) ? null : raw.strip();
    }

    /** The number in a cell, or null when the text is not a finite number. */
    public static Double parseNumber(String value) {
        double d = number(value);
        return Double.isNaN(d) ? null : d;
    }

    /**
     * The number in a cell, or NaN when the text is not a finite number. Plain decimal or
     * scientific notation only ({@code [+-]digits[.digits][e[+-]digits]}, surrounding blanks
     * allowed): Double.parseDouble would also accept "1d", "0x1p3", "Infinity", which in a CSV are
     * almost certainly not meant as numbers.
     */
    public static double number(String value) {
        if (value == null) {
            return Double.NaN;
        }
        int start = 0;
        int end = value.length();
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        double fast = simpleDecimal(value, start, end);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        if (!isDecimal(value, start, end)) {
            return Double.NaN;
        }
        double d = Double.parseDouble(start == 0 && end == value.length() ? value : value.substring(start, end));
        return Double.isFinite(d) ? d : Double.NaN;
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22
    };

    /**
     * The common case fast: {@code [-+]digits[.digits]} with at most 15 digits, read as an exact
     * integer divided by an exact power of ten, which IEEE division rounds correctly (Clinger's fast
     * path), so the result equals Double.parseDouble's; NaN for anything else.
     */
    private static double simpleDecimal(String s, int i, int end) {
        boolean negative = false;
        if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || digits > 15) {
            return Double.NaN;
        }
        double d = scale > 0 ? mantissa / POWERS_OF_TEN[scale] : mantissa;
        return negative ? -d : d;
    }

    /** {@link #simpleDecimal(String, int, int)} on UTF-8 bytes (a trimmed CSV field). */
    static double simpleDecimal(byte[] s, int i, int end) {
        boolean negative = false;
        if (i < end && (s[i] == '-' || s[i] == '+')) {
            negative = s[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; i < end; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || digits > 15) {
            return Double.NaN;
        }
        double d = scale > 0 ? mantissa / POWERS_OF_TEN[scale] : mantissa;
        return negative ? -d : d;
    }

    private static boolean isDecimal(String s, int i, int end) {
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether a value is one of true/false/yes/no, in any case. */
    public static boolean isBooleanWord(String value) {
        if (value == null) {
            return false;
        }
        String s = value.strip();
        if (s.isEmpty() || s.length() > 5 || "tTfFyYnN".indexOf(s.charAt(0)) < 0) {
            return false;
        }
        return BOOLEAN_WORDS.contains(s.toLowerCase(Locale.ROOT));
    }
}
