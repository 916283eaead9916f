package dev.kube4j.apimachinery.cron;

import java.time.Instant;

/** A parsed cron schedule: when it next fires. */
public sealed interface CronSchedule permits CronFields, ConstantDelay {

    /** The first activation strictly after {@code after} (whole seconds), or null if none within five years. */
    Instant next(Instant after);
}
