package dev.hone.workflows.monitor;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The registry side of a drift monitor: the checks over served traffic, and what its alarms led to. */
@ActivityInterface(namePrefix = "Monitor")
public interface MonitorActivities {

    /**
     * Judges the traffic the monitor's deployment served over its window up to {@code atMillis} (epoch ms) against
     * the served version's passport, and records the check with every score; idempotent on the monitor and time (a
     * retry returns the check its first attempt recorded).
     */
    @ActivityMethod
    DriftCheck check(long monitorId, long atMillis);

    /**
     * Records on a breaching check what became of it: an alarm sent to the schedule ({@code alarm} true), or none
     * and why (the cool-down, the schedule's workflow gone).
     */
    @ActivityMethod
    void noteAlarm(long checkId, boolean alarm, String note);

    /** Writes the monitor's state to the registry. */
    @ActivityMethod
    void record(long monitorId, MonitorState state);
}
