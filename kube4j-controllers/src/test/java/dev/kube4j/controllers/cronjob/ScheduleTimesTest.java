package dev.kube4j.controllers.cronjob;

import dev.kube4j.apimachinery.cron.CronSchedule;
import dev.kube4j.apimachinery.cron.CronSyntax;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTimesTest {

    private static final CronSchedule EVERY_MINUTE = CronSyntax.parse("*/1 * * * *", ZoneOffset.UTC);
    private static final Instant CREATED = Instant.parse("2025-01-01T10:00:30Z");

    @Test
    void nothingIsDueBeforeTheFirstActivation() {
        var r = ScheduleTimes.mostRecent(EVERY_MINUTE, CREATED, null, null, Instant.parse("2025-01-01T10:00:59Z"));
        assertThat(r.time()).isNull();
    }

    @Test
    void theLatestDueTimeWinsAndMissedOnesAreCounted() {
        var one = ScheduleTimes.mostRecent(EVERY_MINUTE, CREATED, null, null, Instant.parse("2025-01-01T10:01:05Z"));
        assertThat(one.time()).isEqualTo("2025-01-01T10:01:00Z");
        assertThat(one.missed()).isEqualTo(ScheduleTimes.Missed.NONE);
        var few = ScheduleTimes.mostRecent(EVERY_MINUTE, CREATED, Instant.parse("2025-01-01T10:01:00Z"), null,
                Instant.parse("2025-01-01T10:05:10Z"));
        assertThat(few.time()).isEqualTo("2025-01-01T10:05:00Z");
        assertThat(few.missed()).isEqualTo(ScheduleTimes.Missed.FEW);
        assertThat(few.missedCount()).isEqualTo(4);
    }

    @Test
    void moreThanAHundredMissedIsTooMany() {
        var r = ScheduleTimes.mostRecent(EVERY_MINUTE, CREATED, null, null, Instant.parse("2025-01-03T10:00:00Z"));
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.MANY);
        assertThat(r.time()).isEqualTo("2025-01-03T10:00:00Z");
    }

    @Test
    void startingDeadlineLimitsHowFarBackToLook() {
        // Two days late, but only the last 200 s count: the latest time is still found, and not "too many".
        var r = ScheduleTimes.mostRecent(EVERY_MINUTE, CREATED, null, 200L, Instant.parse("2025-01-03T10:00:30Z"));
        assertThat(r.time()).isEqualTo("2025-01-03T10:00:00Z");
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.FEW);
    }

    @Test
    void jobNamesAndScheduledTimestampFollowUpstream() {
        Instant t = Instant.parse("2025-01-01T10:05:00Z");
        assertThat(ScheduleTimes.jobName("backup", t)).isEqualTo("backup-" + t.getEpochSecond() / 60);
        CronJob cj = new CronJobBuilder().withNewMetadata().withName("backup").withNamespace("ns").withUid("u").endMetadata()
                .withNewSpec().withSchedule("5 * * * *").withNewJobTemplate().withNewMetadata().addToLabels("team", "a").endMetadata()
                .withNewSpec().endSpec().endJobTemplate().endSpec().build();
        cj.setApiVersion("batch/v1");
        cj.setKind("CronJob");
        var job = CronJobController.newJob(cj, "backup-1", t, ZoneId.of("Europe/Paris"));
        assertThat(job.getMetadata().getAnnotations()).containsEntry(CronJobController.SCHEDULED_TIMESTAMP, "2025-01-01T11:05:00+01:00");
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(job.getMetadata().getOwnerReferences().getFirst().getController()).isTrue();
    }
}
