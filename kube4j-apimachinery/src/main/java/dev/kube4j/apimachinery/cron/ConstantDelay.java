package dev.kube4j.apimachinery.cron;

import java.time.Duration;
import java.time.Instant;

/** {@code @every <duration>}: fires at fixed intervals, whole seconds, at least one second (robfig's Every). */
record ConstantDelay(Duration delay) implements CronSchedule {

    static ConstantDelay every(Duration d) {
        Duration whole = Duration.ofSeconds(Math.max(1, d.getSeconds()));
        return new ConstantDelay(whole);
    }

    @Override
    public Instant next(Instant after) {
        return after.plus(delay).minusNanos(after.getNano());
    }
}
