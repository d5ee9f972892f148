package dev.hone.runs;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.workflows.schedule.CatchUpPolicy;
import dev.hone.workflows.schedule.OverlapPolicy;
import dev.hone.workflows.schedule.ScheduleSpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The times a schedule's spec names. A cron expression has the five Unix fields (minute, hour, day of month, month,
 * day of week; parsed by cron-utils) and is read in the spec's time zone, so that "0 2 * * *" in Europe/Berlin fires
 * at 02:00 Berlin time in summer and in winter (a time that a clock change skips is skipped; one it repeats fires
 * once). An interval fires at the multiples of itself since 1970-01-01T00:00Z (every 6 hours: 00:00, 06:00, ...
 * UTC), whatever the zone.
 */
public final class ScheduleCalendar {

    /** Five-field Unix cron expressions. */
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private ScheduleCalendar() {
    }

    /**
     * The spec checked and completed (zone UTC, overlap SKIP and catch-up SKIP_MISSED when not given).
     *
     * @throws InvalidInputException naming what is wrong: neither or both of cron and interval, a cron expression
     *     that does not parse or never fires, an unknown zone, an interval below {@code minIntervalSeconds}, a new-data
     *     interval out of range
     */
    public static ScheduleSpec check(ScheduleSpec spec, long minIntervalSeconds) {
        boolean cron = spec.cron() != null && !spec.cron().isBlank();
        if (cron == (spec.intervalSeconds() != null)) {
            throw new InvalidInputException("A schedule needs either a cron expression or an intervalSeconds, not "
                    + (cron ? "both" : "neither"));
        }
        String zone = spec.zone() == null || spec.zone().isBlank() ? "UTC" : spec.zone().strip();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("Unknown time zone '" + zone + "'; give an IANA name such as "
                    + "Europe/Berlin, or UTC");
        }
        if (!cron && (spec.intervalSeconds() < minIntervalSeconds || spec.intervalSeconds() > 366L * 24 * 3600)) {
            throw new InvalidInputException("A schedule's intervalSeconds must be " + minIntervalSeconds + " to "
                    + 366L * 24 * 3600 + " (a year); got " + spec.intervalSeconds());
        }
        Long newData = spec.newDataMinIntervalSeconds();
        if (newData != null && (newData < 0 || newData > 366L * 24 * 3600)) {
            throw new InvalidInputException("A schedule's newDataMinIntervalSeconds must be 0 to " + 366L * 24 * 3600
                    + " (a year); got " + newData);
        }
        ScheduleSpec checked = new ScheduleSpec(cron ? spec.cron().strip() : null, spec.intervalSeconds(), zone,
                spec.overlap() == null ? OverlapPolicy.SKIP : spec.overlap(),
                spec.catchUp() == null ? CatchUpPolicy.SKIP_MISSED : spec.catchUp(), spec.deployment(), newData);
        if (cron && next(checked, Instant.now().toEpochMilli()) == null) {
            throw new InvalidInputException("Cron expression '" + checked.cron() + "' never fires");
        }
        return checked;
    }

    /** The spec's first time strictly after {@code afterMillis} (epoch ms), or null when it has none. */
    public static Long next(ScheduleSpec spec, long afterMillis) {
        if (spec.cron() == null) {
            long interval = spec.intervalSeconds() * 1000;
            return (Math.floorDiv(afterMillis, interval) + 1) * interval;
        }
        ZonedDateTime after = Instant.ofEpochMilli(afterMillis).atZone(ZoneId.of(spec.zone()));
        Optional<ZonedDateTime> next = ExecutionTime.forCron(parse(spec.cron())).nextExecution(after);
        return next.map(t -> t.toInstant().toEpochMilli()).orElse(null);
    }

    /** The spec's next {@code count} times after {@code after}. */
    public static List<Instant> next(ScheduleSpec spec, Instant after, int count) {
        List<Instant> out = new ArrayList<>(count);
        long at = after.toEpochMilli();
        for (int i = 0; i < count; i++) {
            Long next = next(spec, at);
            if (next == null) {
                break;
            }
            out.add(Instant.ofEpochMilli(next));
            at = next;
        }
        return out;
    }

    private static Cron parse(String expression) {
        try {
            return PARSER.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Cron expression '" + expression + "' is not valid (five fields: minute, "
                    + "hour, day of month, month, day of week): " + e.getMessage());
        }
    }
}
