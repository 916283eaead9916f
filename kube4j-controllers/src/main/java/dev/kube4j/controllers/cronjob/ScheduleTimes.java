package dev.kube4j.controllers.cronjob;

import dev.kube4j.apimachinery.cron.CronSchedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's mostRecentScheduleTime: the latest start time due by {@code now} since the last
 * schedule (or creation), never earlier than {@code now - startingDeadlineSeconds}, and how many
 * were missed — estimated from the interval between two activations, as upstream does, so a clock
 * off by years costs no CPU. More than 100 missed is reported as "too many".
 */
final class ScheduleTimes {

    static final int TOO_MANY_MISSED = 100;

    private ScheduleTimes() {
    }

    enum Missed { NONE, FEW, MANY }

    /** The most recent due time (null: none due yet) and how many were missed. */
    record MostRecent(Instant time, Missed missed, long missedCount) {
    }

    static MostRecent mostRecent(CronSchedule schedule, Instant created, Instant lastSchedule, Long startingDeadlineSeconds, Instant now) {
        Instant earliest = lastSchedule != null ? lastSchedule : created;
        if (startingDeadlineSeconds != null) {
            Instant deadline = now.minusSeconds(startingDeadlineSeconds);
            if (deadline.isAfter(earliest)) {
                earliest = deadline;
            }
        }
        Instant t1 = schedule.next(earliest);
        if (t1 == null || now.isBefore(t1)) {
            return new MostRecent(null, Missed.NONE, 0);
        }
        Instant t2 = schedule.next(t1);
        if (t2 == null || now.isBefore(t2)) {
            return new MostRecent(t1, Missed.NONE, 1);
        }
        long between = Math.round(Duration.between(t1, t2).toMillis() / 1000.0);
        if (between < 1) {
            throw new IllegalArgumentException("time difference between two schedules is less than 1 second");
        }
        long elapsed = Duration.between(t1, now).getSeconds();
        long missed = elapsed / between + 1;
        Instant mostRecent = null;
        Instant from = t1.plusSeconds((missed - 2) * between);
        for (Instant t = schedule.next(from); t != null && !t.isAfter(now); t = schedule.next(t)) {
            mostRecent = t;
        }
        Missed kind = missed > TOO_MANY_MISSED ? Missed.MANY : missed > 1 ? Missed.FEW : Missed.NONE;
        return new MostRecent(mostRecent, kind, missed);
    }

    /** Upstream's getJobName suffix: the scheduled time in minutes since the epoch. */
    static String jobName(String cronJobName, Instant scheduled) {
        return cronJobName + "-" + scheduled.getEpochSecond() / 60;
    }
}
