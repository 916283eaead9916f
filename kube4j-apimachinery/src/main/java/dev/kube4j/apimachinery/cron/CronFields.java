package dev.kube4j.apimachinery.cron;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Five cron fields as bit sets (bit n set: value n allowed), evaluated in a time zone as robfig's
 * SpecSchedule does: walk month, day, hour, minute forward from the next whole second, jumping to
 * the start of a unit the first time one changes; a day is chosen by day-of-month AND day-of-week
 * when either is {@code *}, else by either of them. Walking hours by absolute time skips times a
 * DST change removes and does not repeat those it repeats.
 */
record CronFields(long minute, long hour, long dom, long month, long dow, ZoneId zone) implements CronSchedule {

    /** Set on a field written as {@code *} or {@code ?} (with no step above 1). */
    static final long STAR = 1L << 63;

    @Override
    public Instant next(Instant after) {
        ZonedDateTime t = after.atZone(zone).plusSeconds(1).withNano(0);
        boolean added = false;
        int yearLimit = t.getYear() + 5;
        wrap:
        while (true) {
            if (t.getYear() > yearLimit) {
                return null;
            }
            while (!has(month, t.getMonthValue())) {
                if (!added) {
                    added = true;
                    t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), 1, 0, 0, 0, 0, zone);
                }
                t = t.plusMonths(1);
                if (t.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(t)) {
                if (!added) {
                    added = true;
                    t = t.toLocalDate().atStartOfDay(zone);
                }
                t = t.plusDays(1);
                // A DST change moved midnight: go back to it (or on to the next one).
                if (t.getHour() != 0) {
                    t = t.getHour() > 12 ? t.plusHours(24 - t.getHour()) : t.minusHours(t.getHour());
                }
                if (t.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while (!has(hour, t.getHour())) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.HOURS);
                }
                t = t.plusHours(1);
                if (t.getHour() == 0) {
                    continue wrap;
                }
            }
            while (!has(minute, t.getMinute())) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.MINUTES);
                }
                t = t.plusMinutes(1);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
            }
            if (t.getSecond() != 0) {
                // Standard schedules fire at second 0.
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
                continue;
            }
            return t.toInstant();
        }
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean domMatch = has(dom, t.getDayOfMonth());
        boolean dowMatch = has(dow, t.getDayOfWeek().getValue() % 7);
        if ((dom & STAR) != 0 || (dow & STAR) != 0) {
            return domMatch && dowMatch;
        }
        return domMatch || dowMatch;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }
}
