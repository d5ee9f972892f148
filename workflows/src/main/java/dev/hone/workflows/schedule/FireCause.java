package dev.hone.workflows.schedule;

/** Why a schedule fired. */
public enum FireCause {
    /** Its time came. */
    SCHEDULE,
    /** Somebody asked for a run now. */
    TRIGGER,
    /** A time missed while Hone was down, under {@link CatchUpPolicy#RUN_ONCE}. */
    CATCH_UP,
    /** A fire held back while the previous run was in flight, under {@link OverlapPolicy#BUFFER_ONE}. */
    BUFFERED,
    /** A drift monitor on the schedule's deployment saw its served traffic shift (the fire names the check). */
    DRIFT,
    /** A new version of the run's data set was uploaded (a spec with {@code newDataMinIntervalSeconds}). */
    DATA
}
