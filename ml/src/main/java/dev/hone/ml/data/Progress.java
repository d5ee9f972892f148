package dev.hone.ml.data;

/**
 * Hears how far a long step over a data set has come, on the working thread, every
 * {@value #EVERY_ROWS} rows or so. Throwing a RuntimeException stops the step: that is how a
 * cancelled activity stops reading.
 */
@FunctionalInterface
public interface Progress {

    /** How often a step reports, in rows. */
    int EVERY_ROWS = 1 << 16;

    /**
     * @param step what is being done, e.g. "profiling", "loading"
     * @param rows rows done so far of a step that reads the file; for a step that works on rows
     *     already in memory, the rows it works on
     * @param bytes bytes of the file read so far, or -1 when the step does not read a file
     */
    void update(String step, long rows, long bytes);

    /** Progress nobody listens to. */
    Progress NONE = (step, rows, bytes) -> {};
}
