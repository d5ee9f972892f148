package dev.hone.activities.pipeline;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.data.Progress;
import dev.hone.registry.run.RunService;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Locale;

/**
 * Turns a data step's progress into heartbeats and into the stage's progress line. Each heartbeat
 * carries a sentence saying what the stage is doing ("loading the data set: 655,360 of 1,000,000
 * rows, 110.2 MB read"): a stage that stops answering is reported with its last one. A heartbeat
 * throws once the run is cancelled, which stops the step; a stopping worker hands it back.
 */
final class StageHeartbeat implements Progress {

    private static final long PROGRESS_INTERVAL_MS = 1000;

    private final ActivityExecutionContext ctx;
    private final RunService runs;
    private final WorkerDrain drain;
    private final long runId;
    private final String workflowId;
    private final String stage;
    private final long totalRows;
    private long lastWrite;
    private double fraction;

    /** @param totalRows rows of the data set when known (for a fraction), else 0 */
    StageHeartbeat(ActivityExecutionContext ctx, RunService runs, WorkerDrain drain, long runId, String workflowId,
            String stage, long totalRows) {
        this.ctx = ctx;
        this.runs = runs;
        this.drain = drain;
        this.runId = runId;
        this.workflowId = workflowId;
        this.stage = stage;
        this.totalRows = totalRows;
    }

    @Override
    public void update(String step, long rows, long bytes) {
        drain.check(stage + " of run " + runId);
        String line = describe(step, rows, bytes, totalRows);
        ctx.heartbeat(line);
        long now = System.currentTimeMillis();
        if (now - lastWrite >= PROGRESS_INTERVAL_MS) {
            lastWrite = now;
            // Steps after reading work on all rows or on a split: the bar never goes back.
            fraction = Math.max(fraction, totalRows > 0 && bytes >= 0 ? Math.min(1, (double) rows / totalRows) : 0);
            runs.stageProgress(runId, workflowId, stage, fraction, line, null);
        }
    }

    /** Also a plain heartbeat between steps that report nothing themselves. */
    void step(String what) {
        drain.check(stage + " of run " + runId);
        ctx.heartbeat(what);
    }

    /** The stage's last line: what it did, once it has done it. */
    void done(String outcome) {
        runs.stageProgress(runId, workflowId, stage, 1, outcome, null);
    }

    /** "loading the data set: 65,536 of 1,000,000 rows, 6.8 MB read"; "splitting: 1,000,000 rows". */
    static String describe(String step, long rows, long bytes, long totalRows) {
        StringBuilder s = new StringBuilder(step).append(": ")
                .append(String.format(Locale.ROOT, "%,d", rows));
        // Only a step that reads the file is part-way through the rows; the others work on them all.
        if (totalRows > 0 && bytes >= 0) {
            s.append(String.format(Locale.ROOT, " of %,d", totalRows));
        }
        s.append(" rows");
        if (bytes >= 0) {
            s.append(String.format(Locale.ROOT, ", %.1f MB read", bytes / 1e6));
        }
        return s.toString();
    }
}
