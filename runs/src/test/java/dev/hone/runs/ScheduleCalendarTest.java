package dev.hone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.workflows.schedule.CatchUpPolicy;
import dev.hone.workflows.schedule.OverlapPolicy;
import dev.hone.workflows.schedule.ScheduleSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron expressions read in their time zone across clock changes, intervals on their multiples, and refusals. */
class ScheduleCalendarTest {

    private static ScheduleSpec cron(String expression, String zone) {
        return ScheduleCalendar.check(new ScheduleSpec(expression, null, zone, null, null), 60);
    }

    private static List<Instant> next(ScheduleSpec spec, String after, int count) {
        return ScheduleCalendar.next(spec, Instant.parse(after), count);
    }

    @Test
    void aDailyCronKeepsItsLocalTimeAcrossTheClockChanges() {
        ScheduleSpec berlin = cron("0 2 * * *", "Europe/Berlin");
        assertThat(next(berlin, "2026-01-10T12:00:00Z", 2)).as("winter: UTC+1").containsExactly(
                Instant.parse("2026-01-11T01:00:00Z"), Instant.parse("2026-01-12T01:00:00Z"));
        assertThat(next(berlin, "2026-07-10T12:00:00Z", 1)).as("summer: UTC+2").containsExactly(
                Instant.parse("2026-07-11T00:00:00Z"));
        assertThat(next(berlin, "2026-03-28T12:00:00Z", 1)).as("2026-03-29 has no 02:00 in Berlin: skipped")
                .containsExactly(Instant.parse("2026-03-30T00:00:00Z"));
        // 2026-10-25: 02:00 to 03:00 happens twice in Berlin; the schedule fires once that day.
        List<Instant> autumn = next(berlin, "2026-10-24T12:00:00Z", 3);
        assertThat(autumn).hasSize(3);
        assertThat(autumn.get(0)).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(autumn.get(1)).isEqualTo(Instant.parse("2026-10-26T01:00:00Z"));
    }

    @Test
    void theFieldsMeanWhatUnixCronMeans() {
        ScheduleSpec weekdays = cron("30 6 * * 1-5", "UTC");
        assertThat(next(weekdays, "2026-12-04T07:00:00Z", 2)).as("Friday after 06:30, then Monday").containsExactly(
                Instant.parse("2026-12-07T06:30:00Z"), Instant.parse("2026-12-08T06:30:00Z"));
        ScheduleSpec quarterly = cron("0 0 1 1,4,7,10 *", "UTC");
        assertThat(next(quarterly, "2026-02-01T00:00:00Z", 1)).containsExactly(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(ScheduleCalendar.next(weekdays, Instant.parse("2026-12-07T06:30:00Z").toEpochMilli()))
                .as("strictly after").isEqualTo(Instant.parse("2026-12-08T06:30:00Z").toEpochMilli());
    }

    @Test
    void anIntervalFiresOnItsMultiplesAndTheDefaultsAreFilledIn() {
        ScheduleSpec six = ScheduleCalendar.check(new ScheduleSpec(null, 6 * 3600L, null, null, null), 60);
        assertThat(six.zone()).isEqualTo("UTC");
        assertThat(six.overlap()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(six.catchUp()).isEqualTo(CatchUpPolicy.SKIP_MISSED);
        assertThat(next(six, "2026-12-02T07:15:00Z", 3)).containsExactly(Instant.parse("2026-12-02T12:00:00Z"),
                Instant.parse("2026-12-02T18:00:00Z"), Instant.parse("2026-12-03T00:00:00Z"));
    }

    @Test
    void badSpecsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> cron("0 2 * *", "UTC")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Cron expression '0 2 * *' is not valid");
        assertThatThrownBy(() -> cron("61 2 * * *", "UTC")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> cron("0 0 30 2 *", "UTC")).hasMessageContaining("never fires");
        assertThatThrownBy(() -> cron("0 2 * * *", "Mars/Olympus")).hasMessageContaining("Unknown time zone "
                + "'Mars/Olympus'");
        assertThatThrownBy(() -> ScheduleCalendar.check(new ScheduleSpec("0 2 * * *", 3600L, "UTC", null, null), 60))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ScheduleCalendar.check(new ScheduleSpec(null, null, "UTC", null, null), 60))
                .hasMessageContaining("not neither");
        assertThatThrownBy(() -> ScheduleCalendar.check(new ScheduleSpec(null, 5L, "UTC", null, null), 60))
                .hasMessageContaining("intervalSeconds must be 60 to");
    }
}
