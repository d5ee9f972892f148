package dev.hone.workflows.monitor;

/**
 * When a drift monitor checks and when a breach becomes an alarm. What counts as a breach (window, thresholds) is the
 * check's business, read from the registry at every check.
 *
 * @param scheduleId the retraining schedule an alarm fires
 * @param checkSeconds seconds between checks
 * @param debounceChecks how many checks in a row must breach a threshold before the alarm (inconclusive checks,
 *     with too little traffic, neither count nor break the run)
 * @param cooldownSeconds at least this long between two alarms
 */
public record MonitorSpec(long scheduleId, long checkSeconds, int debounceChecks, long cooldownSeconds) {
}
