package dev.kube4j.controllers.cronjob;

import dev.kube4j.apimachinery.cron.CronSchedule;
import dev.kube4j.apimachinery.cron.CronSyntax;
import dev.kube4j.controllers.Controller;
import dev.kube4j.controllers.core.Owners;
import dev.kube4j.controllers.job.JobConditions;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.InformerSet;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.OwnWrites;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Upstream's CronJob controller (v2): at each due time of the schedule (in {@code spec.timeZone},
 * else UTC — the controller's local zone) a Job {@code <cronjob>-<minutes since epoch>} is created
 * from the template, subject to suspend, startingDeadlineSeconds and concurrencyPolicy; finished
 * Jobs leave {@code status.active} and beyond the history limits are deleted.
 */
public final class CronJobController implements Controller {

    private static final Logger log = LoggerFactory.getLogger(CronJobController.class);
    private static final String KIND = "CronJob";
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private KubernetesClient client;
    private SharedIndexInformer<CronJob> cronJobs;
    private SharedIndexInformer<Job> jobs;
    private final InformerSet informers = new InformerSet();
    private final OwnWrites written = new OwnWrites();
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private EventRecorder events;

    @Override
    public String name() {
        return "cronjob";
    }

    @Override
    public void start(KubernetesClient client) {
        this.client = client;
        this.events = new EventRecorder(client, "cronjob-controller");
        queue = new WorkQueue<>("cronjob", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(60)));
        loop = new ControllerLoop<>("cronjob", queue, this::reconcile, 1);
        cronJobs = informers.add(client.batch().v1().cronjobs().inAnyNamespace().runnableInformer(0));
        jobs = informers.add(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0));
        jobs.addIndexers(Map.of(Owners.CONTROLLER_UID_INDEX, Owners.byControllerUid()));
        cronJobs.addEventHandler(EventHandlers.onChange(c -> queue.add(Cache.metaNamespaceKeyFunc(c)),
                c -> written.forget(Cache.metaNamespaceKeyFunc(c))));
        jobs.addEventHandler(EventHandlers.onChange(this::enqueueOwner, this::enqueueOwner));
        informers.start(name(), loop::start);
    }

    private void enqueueOwner(Job job) {
        String key = Owners.controllerKey(job, KIND);
        if (key != null) {
            queue.add(key);
        }
    }

    ReconcileResult reconcile(String key) {
        CronJob cj = cronJobs.getIndexer().getByKey(key);
        if (cj == null || cj.getMetadata().getDeletionTimestamp() != null || written.stale(key, cj.getMetadata().getResourceVersion())) {
            return ReconcileResult.done();
        }
        Instant now = Instant.now();
        CronJobStatus status = cj.getStatus() == null ? new CronJobStatus() : client.getKubernetesSerialization().clone(cj.getStatus());
        List<Job> children = jobs.getIndexer().byIndex(Owners.CONTROLLER_UID_INDEX, cj.getMetadata().getUid());
        trackChildren(cj, status, children);
        cleanupHistory(cj, children);
        ReconcileResult result = schedule(cj, status, now);
        if (!status.equals(cj.getStatus())) {
            CronJob copy = client.getKubernetesSerialization().clone(cj);
            copy.setStatus(status);
            CronJob updated = client.batch().v1().cronjobs().inNamespace(cj.getMetadata().getNamespace()).resource(copy).updateStatus();
            written.record(key, updated.getMetadata().getResourceVersion());
        }
        return result;
    }

    /** Finished jobs leave the active list; the last success is remembered; vanished jobs are dropped. */
    private void trackChildren(CronJob cj, CronJobStatus status, List<Job> children) {
        List<ObjectReference> active = new ArrayList<>(status.getActive() == null ? List.of() : status.getActive());
        Set<String> childUids = children.stream().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet());
        for (Job j : children) {
            boolean listed = active.stream().anyMatch(r -> j.getMetadata().getUid().equals(r.getUid()));
            if (listed && JobConditions.finished(j)) {
                active.removeIf(r -> j.getMetadata().getUid().equals(r.getUid()));
                String condition = JobConditions.isTrue(j.getStatus(), JobConditions.COMPLETE) ? JobConditions.COMPLETE : JobConditions.FAILED;
                events.normal(cj, "SawCompletedJob", "Saw completed job: " + j.getMetadata().getName() + ", condition: " + condition);
            }
            if (JobConditions.isTrue(j.getStatus(), JobConditions.COMPLETE) && j.getStatus().getCompletionTime() != null) {
                String t = j.getStatus().getCompletionTime();
                if (status.getLastSuccessfulTime() == null || Instant.parse(t).isAfter(Instant.parse(status.getLastSuccessfulTime()))) {
                    status.setLastSuccessfulTime(t);
                }
            }
        }
        // A listed job the cache does not hold may just be newer than the cache: ask the server.
        active.removeIf(r -> !childUids.contains(r.getUid()) && client.batch().v1().jobs()
                .inNamespace(cj.getMetadata().getNamespace()).withName(r.getName()).get() == null);
        status.setActive(active.isEmpty() ? null : active);
    }

    private void cleanupHistory(CronJob cj, List<Job> children) {
        int keepSucceeded = Objects.requireNonNullElse(cj.getSpec().getSuccessfulJobsHistoryLimit(), 3);
        int keepFailed = Objects.requireNonNullElse(cj.getSpec().getFailedJobsHistoryLimit(), 1);
        Comparator<Job> byStart = Comparator.comparing((Job j) -> j.getStatus() != null && j.getStatus().getStartTime() != null
                ? j.getStatus().getStartTime() : j.getMetadata().getCreationTimestamp());
        List<Job> succeeded = children.stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .filter(j -> JobConditions.isTrue(j.getStatus(), JobConditions.COMPLETE)).sorted(byStart).toList();
        List<Job> failed = children.stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .filter(j -> JobConditions.isTrue(j.getStatus(), JobConditions.FAILED)).sorted(byStart).toList();
        for (int i = 0; i < succeeded.size() - keepSucceeded; i++) {
            deleteJob(cj, succeeded.get(i).getMetadata().getName());
        }
        for (int i = 0; i < failed.size() - keepFailed; i++) {
            deleteJob(cj, failed.get(i).getMetadata().getName());
        }
    }

    private ReconcileResult schedule(CronJob cj, CronJobStatus status, Instant now) {
        if (Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
            return ReconcileResult.done();
        }
        ZoneId zone = ZoneOffset.UTC;
        if (cj.getSpec().getTimeZone() != null) {
            try {
                zone = ZoneId.of(cj.getSpec().getTimeZone());
            } catch (RuntimeException e) {
                events.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + cj.getSpec().getTimeZone() + "\": " + e.getMessage());
                return ReconcileResult.done();
            }
        }
        CronSchedule schedule;
        try {
            schedule = CronSyntax.parse(cj.getSpec().getSchedule(), zone);
        } catch (CronSyntax.CronParseException e) {
            events.warning(cj, "UnparseableSchedule", "unparseable schedule: \"" + cj.getSpec().getSchedule() + "\" : " + e.getMessage());
            return ReconcileResult.done();
        }
        Instant last = status.getLastScheduleTime() == null ? null : Instant.parse(status.getLastScheduleTime());
        ScheduleTimes.MostRecent due;
        try {
            due = ScheduleTimes.mostRecent(schedule, Instant.parse(cj.getMetadata().getCreationTimestamp()), last,
                    cj.getSpec().getStartingDeadlineSeconds(), now);
        } catch (IllegalArgumentException e) {
            events.warning(cj, "InvalidSchedule", "invalid schedule: " + cj.getSpec().getSchedule() + " : " + e.getMessage());
            return ReconcileResult.done();
        }
        if (due.missed() == ScheduleTimes.Missed.MANY) {
            events.warning(cj, "TooManyMissedTimes", "too many missed start times: " + due.missedCount()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        } else if (due.missed() == ScheduleTimes.Missed.FEW) {
            log.info("cronjob {}/{}: {} missed start times", cj.getMetadata().getNamespace(), cj.getMetadata().getName(), due.missedCount());
        }
        ReconcileResult next = untilNext(schedule, now);
        Instant t = due.time();
        if (t == null) {
            return next;
        }
        Long deadline = cj.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && t.plusSeconds(deadline).isBefore(now)) {
            events.warning(cj, "MissSchedule", "Missed scheduled time to start a job: "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC)));
            return next;
        }
        String jobName = ScheduleTimes.jobName(cj.getMetadata().getName(), t);
        List<ObjectReference> active = new ArrayList<>(status.getActive() == null ? List.of() : status.getActive());
        if (active.stream().anyMatch(r -> jobName.equals(r.getName())) || t.equals(last)) {
            return next;
        }
        String policy = Objects.requireNonNullElse(cj.getSpec().getConcurrencyPolicy(), "Allow");
        if (policy.equals("Forbid") && !active.isEmpty()) {
            events.normal(cj, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            return next;
        }
        if (policy.equals("Replace")) {
            for (ObjectReference r : active) {
                deleteJob(cj, r.getName());
            }
            active.clear();
        }
        Job created;
        try {
            created = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace()).resource(newJob(cj, jobName, t, zone)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return next; // created before (by us, before a restart): its status write follows from the job's events
            }
            events.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
            throw e;
        }
        events.normal(cj, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
        active.add(new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(created.getMetadata().getName())
                .withNamespace(created.getMetadata().getNamespace()).withUid(created.getMetadata().getUid())
                .withResourceVersion(created.getMetadata().getResourceVersion()).build());
        status.setActive(active);
        status.setLastScheduleTime(t.toString());
        return next;
    }

    private static ReconcileResult untilNext(CronSchedule schedule, Instant now) {
        Instant next = schedule.next(now);
        return next == null ? ReconcileResult.done() : ReconcileResult.requeueAfter(Duration.between(now, next).plusMillis(100));
    }

    /** Upstream's getJobFromTemplate2. */
    static Job newJob(CronJob cj, String name, Instant scheduled, ZoneId zone) {
        ObjectMeta tm = cj.getSpec().getJobTemplate().getMetadata() == null ? new ObjectMeta() : cj.getSpec().getJobTemplate().getMetadata();
        Map<String, String> annotations = new HashMap<>(tm.getAnnotations() == null ? Map.of() : tm.getAnnotations());
        annotations.put(SCHEDULED_TIMESTAMP, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(scheduled.atZone(zone)));
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(cj.getMetadata().getNamespace())
                .withLabels(tm.getLabels()).withAnnotations(annotations).withOwnerReferences(Owners.controllerRef(cj)).endMetadata()
                .withSpec(cj.getSpec().getJobTemplate().getSpec()).build();
    }

    private void deleteJob(CronJob cj, String name) {
        try {
            client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace()).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            events.normal(cj, "SuccessfulDelete", "Deleted job " + name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        informers.close();
        if (loop != null) {
            loop.close();
        }
    }
}
