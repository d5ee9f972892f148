package dev.hone.workflows.schedule;

/**
 * When a schedule fires: a cron expression (five fields, Unix style) read in a time zone, or a fixed interval,
 * what it does about overlapping runs and missed times, and what follows a run.
 *
 * @param cron the cron expression, or null for an interval
 * @param intervalSeconds seconds between fires, or null for a cron expression
 * @param zone the time zone a cron expression is read in (an IANA name such as {@code Europe/Berlin})
 * @param overlap what a fire does while the previous run is in flight
 * @param catchUp what the schedule does about times missed while Hone was down
 * @param deployment the deployment each successful run's new version is rolled out on (when it passed its gate),
 *     or null: the workflow then follows each run it starts to its end
 * @param newDataMinIntervalSeconds when set, a new version of the run's data set also fires the schedule, at most
 *     once in this many seconds (uploads meanwhile are taken by one fire at the end of the interval); null: new
 *     versions fire nothing
 */
public record ScheduleSpec(String cron, Long intervalSeconds, String zone, OverlapPolicy overlap,
        CatchUpPolicy catchUp, String deployment, Long newDataMinIntervalSeconds) {

    /** A spec that new data versions do not fire. */
    public ScheduleSpec(String cron, Long intervalSeconds, String zone, OverlapPolicy overlap, CatchUpPolicy catchUp,
            String deployment) {
        this(cron, intervalSeconds, zone, overlap, catchUp, deployment, null);
    }

    /** A spec whose runs end with their registration. */
    public ScheduleSpec(String cron, Long intervalSeconds, String zone, OverlapPolicy overlap, CatchUpPolicy catchUp) {
        this(cron, intervalSeconds, zone, overlap, catchUp, null);
    }
}
