package dev.kube4j.apimachinery.cron;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    private static Instant next(String spec, String after) {
        return CronSyntax.parse(spec, ZoneOffset.UTC).next(Instant.parse(after));
    }

    @Test
    void everyMinuteFiresAtTheNextWholeMinute() {
        assertThat(next("*/1 * * * *", "2025-03-01T10:05:30Z")).isEqualTo("2025-03-01T10:06:00Z");
        assertThat(next("* * * * *", "2025-03-01T10:05:00Z")).isEqualTo("2025-03-01T10:06:00Z");
        assertThat(next("*/15 * * * *", "2025-03-01T10:59:59Z")).isEqualTo("2025-03-01T11:00:00Z");
    }

    @Test
    void rangesStepsListsAndNames() {
        assertThat(next("30 6-16/4 * * 1-5", "2025-03-07T15:00:00Z")).isEqualTo("2025-03-10T06:30:00Z"); // Fri → Mon
        assertThat(next("0 0 1,15 * *", "2025-02-02T00:00:00Z")).isEqualTo("2025-02-15T00:00:00Z");
        assertThat(next("0 12 * JAN-MAR mon", "2025-03-31T13:00:00Z")).isEqualTo("2026-01-05T12:00:00Z");
        assertThat(next("5/20 * * * *", "2025-01-01T00:06:00Z")).isEqualTo("2025-01-01T00:25:00Z");
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // Either the 13th or a Friday.
        assertThat(next("0 0 13 * 5", "2025-06-01T00:00:00Z")).isEqualTo("2025-06-06T00:00:00Z");
        assertThat(next("0 0 13 * 5", "2025-06-10T00:00:00Z")).isEqualTo("2025-06-13T00:00:00Z");
        // A star in day-of-week: only the day of month counts.
        assertThat(next("0 0 13 * *", "2025-06-01T00:00:00Z")).isEqualTo("2025-06-13T00:00:00Z");
    }

    @Test
    void descriptors() {
        assertThat(next("@hourly", "2025-01-01T10:00:00Z")).isEqualTo("2025-01-01T11:00:00Z");
        assertThat(next("@daily", "2025-01-01T10:00:00Z")).isEqualTo("2025-01-02T00:00:00Z");
        assertThat(next("@weekly", "2025-01-01T10:00:00Z")).isEqualTo("2025-01-05T00:00:00Z");
        assertThat(next("@monthly", "2025-01-01T10:00:00Z")).isEqualTo("2025-02-01T00:00:00Z");
        assertThat(next("@yearly", "2025-01-01T10:00:00Z")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(next("@every 1h30m", "2025-01-01T10:00:00.250Z")).isEqualTo("2025-01-01T11:30:00Z");
    }

    @Test
    void impossibleDatesNeverFire() {
        assertThat(next("59 23 31 2 *", "2025-01-01T00:00:00Z")).isNull();
    }

    @Test
    void timeZonesAndDaylightSaving() {
        ZoneId ny = ZoneId.of("America/New_York");
        CronSchedule nineDaily = CronSyntax.parse("0 9 * * *", ny);
        assertThat(nineDaily.next(Instant.parse("2025-01-10T15:00:00Z"))).isEqualTo("2025-01-11T14:00:00Z"); // EST
        assertThat(nineDaily.next(Instant.parse("2025-07-10T15:00:00Z"))).isEqualTo("2025-07-11T13:00:00Z"); // EDT
        // 2:30 does not exist on 2025-03-09 in New York: that day is skipped.
        CronSchedule twoThirty = CronSyntax.parse("30 2 * * *", ny);
        assertThat(twoThirty.next(Instant.parse("2025-03-08T08:00:00Z"))).isEqualTo("2025-03-10T06:30:00Z");
        // 1:30 happens twice on 2025-11-02 and, as with robfig/cron, fires both times.
        CronSchedule oneThirty = CronSyntax.parse("30 1 * * *", ny);
        Instant first = oneThirty.next(Instant.parse("2025-11-02T04:00:00Z"));
        assertThat(first).isEqualTo("2025-11-02T05:30:00Z");
        assertThat(oneThirty.next(first)).isEqualTo("2025-11-02T06:30:00Z");
        assertThat(oneThirty.next(Instant.parse("2025-11-02T06:30:00Z"))).isEqualTo("2025-11-03T06:30:00Z");
        // Midnight moved by DST: the day loop lands on midnight again.
        CronSchedule santiagoMidnight = CronSyntax.parse("0 0 * * *", ZoneId.of("America/Santiago"));
        assertThat(santiagoMidnight.next(Instant.parse("2025-09-05T12:00:00Z"))).isEqualTo("2025-09-06T04:00:00Z");
    }

    @Test
    void tzPrefixSetsTheZone() {
        CronSchedule s = CronSyntax.parse("TZ=Asia/Tokyo 0 9 * * *", ZoneOffset.UTC);
        assertThat(s.next(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo("2025-01-02T00:00:00Z");
        assertThatThrownBy(() -> CronSyntax.parse("TZ=Mars/Olympus 0 9 * * *", ZoneOffset.UTC))
                .hasMessage("provided bad location Mars/Olympus: unknown time zone Mars/Olympus");
    }

    @Test
    void errorsAreUpstreams() {
        assertThat(CronSyntax.parseError("0 0 * * 7")).isEqualTo("end of range (7) above maximum (6): 7");
        assertThat(CronSyntax.parseError("*/0 * * * *")).isEqualTo("step of range should be a positive number: */0");
        assertThat(CronSyntax.parseError("1-2-3 * * * *")).isEqualTo("too many hyphens: 1-2-3");
        assertThat(CronSyntax.parseError("@every x")).isEqualTo("failed to parse duration @every x: time: invalid duration \"x\"");
    }
}
