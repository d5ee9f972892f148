package dev.hone.workflows.schedule;

/**
 * When a schedule fires: a cron expression (five fields, Unix style) read in a time zone, or a fixed interval,
 * and what it does about overlapping runs and missed times.
 *
 * @param cron the cron expression, or null for an interval
 * @param intervalSeconds seconds between fires, or null for a cron expression
 * @param zone the time zone a cron expression is read in (an IANA name such as {@code Europe/Berlin})
 * @param overlap what a fire does while the previous run is in flight
 * @param catchUp what the schedule does about times missed while Hone was down
 */
public record ScheduleSpec(String cron, Long intervalSeconds, String zone, OverlapPolicy overlap,
        CatchUpPolicy catchUp) {
}
