package dev.hone.ml.report;

import dev.hone.ml.preprocess.DataQualityReport;
import java.util.Arrays;

/**
 * The kinds of report a run writes into the registry's report table, each with the one record type
 * its writer and its readers share and the schema version of that record. A change to a record that
 * old readers cannot read raises its schema version; readers refuse versions they do not know
 * instead of misreading them. The stages still to come add their kinds here.
 */
public enum ReportKind {
    /** Preprocessing's findings about the data of a run. */
    DATA_QUALITY(1, DataQualityReport.class),
    /** A model version's metrics on the test split. */
    EVALUATION(1, EvaluationReport.class),
    /** What the compression stage tried and kept. */
    COMPRESSION(1, CompressionReport.class),
    /** What the validation stage measured on a model version, and the gate's verdict. */
    PASSPORT(1, PassportReport.class);

    private final int schemaVersion;
    private final Class<? extends Record> recordType;

    ReportKind(int schemaVersion, Class<? extends Record> recordType) {
        this.schemaVersion = schemaVersion;
        this.recordType = recordType;
    }

    /** The schema version this release writes and reads. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The record the report's content is. */
    public Class<? extends Record> recordType() {
        return recordType;
    }

    /**
     * The kind a stored report names, checked against the schema version this release reads.
     *
     * @throws IllegalArgumentException naming the kind or version this release cannot read
     */
    public static ReportKind readable(String name, int schemaVersion) {
        ReportKind kind = Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Report kind '" + name + "' is unknown to this release "
                        + "(it knows " + Arrays.toString(values()) + "); was it written by a newer one?"));
        if (schemaVersion != kind.schemaVersion) {
            throw new IllegalArgumentException("Report kind " + name + " schema version " + schemaVersion
                    + " cannot be read by this release, which reads version " + kind.schemaVersion);
        }
        return kind;
    }
}
