package dev.hone.workflows.monitor;

/**
 * A monitor's workflow state, for its query and for the registry.
 *
 * @param status {@code ACTIVE}, {@code PAUSED} or {@code DELETED}
 * @param spec when it checks and alarms
 * @param breaches checks in a row that breached a threshold
 * @param lastAlarmMillis when it last raised an alarm (epoch ms), or null
 * @param lastCheckMillis when it last checked, or null
 * @param nextCheckMillis when it checks next, or null while paused
 */
public record MonitorState(String status, MonitorSpec spec, int breaches, Long lastAlarmMillis, Long lastCheckMillis,
        Long nextCheckMillis) {
}
