package dev.kube4j.controllers.job;

import java.time.Duration;
import java.time.Instant;

/**
 * Delay before a Job creates a pod again after failures, as upstream's backoff record: nothing
 * before the first failure, then {@code base} doubling per failure since the last success
 * (10 s, 20 s, 40 s …), capped at {@code max} (six minutes, as the Job documentation states).
 */
public record JobBackoff(Duration base, Duration max) {

    public static JobBackoff defaults() {
        return new JobBackoff(Duration.ofSeconds(10), Duration.ofMinutes(6));
    }

    public Duration delay(int failuresAfterLastSuccess) {
        if (failuresAfterLastSuccess <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failuresAfterLastSuccess - 1, 30);
        Duration d = base.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** When pods may be created again: the last failure plus the delay (null: now). */
    public Instant nextCreateAt(Instant lastFailure, int failuresAfterLastSuccess) {
        return lastFailure == null ? null : lastFailure.plus(delay(failuresAfterLastSuccess));
    }
}
