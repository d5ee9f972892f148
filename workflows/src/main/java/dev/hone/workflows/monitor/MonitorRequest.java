package dev.hone.workflows.monitor;

/**
 * A monitor's workflow input: its registry id and spec, and what it carries across continue-as-new and across a
 * restart of the embedded workflow service (restored from the registry).
 *
 * @param monitorId the monitor's registry id
 * @param spec when it checks and alarms
 * @param paused whether it is paused
 * @param breaches checks in a row that breached a threshold
 * @param lastAlarmMillis when it last raised an alarm (epoch ms), or null
 */
public record MonitorRequest(long monitorId, MonitorSpec spec, boolean paused, int breaches, Long lastAlarmMillis) {
}
