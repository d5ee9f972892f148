package dev.hone.workflows.monitor;

/** What one check of a drift monitor found. */
public enum DriftVerdict {
    /** Every score within its threshold. */
    WITHIN,
    /** At least one score beyond its threshold (the check names which). */
    BREACHED,
    /** Too little traffic in the window (or no passport to judge it against) to say. */
    INCONCLUSIVE
}
