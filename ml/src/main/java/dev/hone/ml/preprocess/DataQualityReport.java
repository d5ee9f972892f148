package dev.hone.ml.preprocess;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DataQualityChecker} found.
 *
 * @param duplicateRows rows that repeat an earlier row exactly
 * @param missingByColumn missing cells per column, every column in table order
 * @param constantColumns feature columns with at most one distinct value
 * @param classCounts rows per class in label order (classification; empty for regression)
 * @param imbalanceRatio largest class count / smallest (classification; null for regression)
 * @param leakageColumns feature columns that give the target away
 */
public record DataQualityReport(
        List<QualityIssue> issues,
        long duplicateRows,
        Map<String, Long> missingByColumn,
        List<String> constantColumns,
        Map<String, Long> classCounts,
        Double imbalanceRatio,
        List<String> leakageColumns) {

    public DataQualityReport {
        // Null-tolerant because reports are read back from JSON.
        issues = issues == null ? List.of() : List.copyOf(issues);
        missingByColumn = orderedCopy(missingByColumn);
        constantColumns = constantColumns == null ? List.of() : List.copyOf(constantColumns);
        classCounts = orderedCopy(classCounts);
        leakageColumns = leakageColumns == null ? List.of() : List.copyOf(leakageColumns);
    }

    private static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Whether any issue has severity ERROR. */
    public boolean hasErrors() {
        return issues.stream().anyMatch(i -> QualityIssue.ERROR.equals(i.severity()));
    }
}
