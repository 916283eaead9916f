package dev.kube4j.controllers.job;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.core.PodStates;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.ControllerRefManager;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.NamedExpectations;
import dev.kube4j.controllers.runtime.HandlerRegistrations;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.OwnWrites;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's Job controller: keeps up to {@code parallelism} pods running until {@code completions}
 * succeeded (NonIndexed) or every index in [0, completions) did (Indexed); counts finished pods
 * exactly once through the {@code batch.kubernetes.io/job-tracking} finalizer and
 * {@code status.uncountedTerminatedPods}; fails the job past {@code backoffLimit}, past
 * {@code activeDeadlineSeconds} or on a FailJob pod failure policy rule (FailureTarget first, Failed
 * once no pod is left running; SuccessCriteriaMet then Complete likewise); backs off pod creation
 * after failures; suspends and resumes. Indexed jobs may limit failures per index
 * ({@code backoffLimitPerIndex}, {@code maxFailedIndexes}, see {@link IndexFailures}) and finish early
 * through a {@code successPolicy} ({@link SuccessPolicies}). Adopts orphans its selector matches and
 * releases pods that stopped matching, as upstream.
 */
public final class JobController extends SharedInformerController {

    private static final String KIND = "Job";

    private final JobBackoff backoff;
    private KubernetesClient client;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;
    private final HandlerRegistrations handlers = new HandlerRegistrations();
    private final NamedExpectations expectations = new NamedExpectations(Duration.ofMinutes(1));
    private final OwnWrites written = new OwnWrites();
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private EventRecorder events;

    public JobController(JobBackoff backoff) {
        this.backoff = backoff;
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.events = new EventRecorder(client, "job-controller");
        queue = new WorkQueue<>("job", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(60)));
        loop = new ControllerLoop<>("job", queue, this::reconcile, 2);
        jobs = informers.get(Job.class);
        // The manager's one pod informer, as upstream: a job's pods are found through the
        // controller-UID index, and orphans its selector matches (manualSelector) can be adopted.
        pods = informers.get(Pod.class);
        PodOwnerIndex.install(informers, pods);
        handlers.add(jobs, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                queue.add(Cache.metaNamespaceKeyFunc(job));
            }

            @Override
            public void onUpdate(Job old, Job job) {
                queue.add(Cache.metaNamespaceKeyFunc(job));
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                String key = Cache.metaNamespaceKeyFunc(job);
                expectations.forget(key);
                written.forget(key);
            }
        });
        handlers.add(pods, EventHandlers.ownedPods(KIND, queue, expectations));
        handlers.add(pods, EventHandlers.orphans(jobs, j -> j.getSpec().getSelector(), queue));
        informers.whenSynced(loop::start);
    }

    ReconcileResult reconcile(String key) {
        Job job = jobs.getIndexer().getByKey(key);
        if (job == null) {
            return ReconcileResult.done();
        }
        if (written.stale(key, job.getMetadata().getResourceVersion())) {
            return ReconcileResult.done(); // our own status write is on its way through the informer
        }
        if (JobConditions.finished(job) || job.getMetadata().getDeletionTimestamp() != null) {
            PodOwnerIndex.owned(pods, job).stream()
                    .filter(JobPods::tracked).forEach(this::removeFinalizer);
            return ReconcileResult.done();
        }
        return new JobSync(job, claimPods(job), Instant.now()).run(key);
    }

    /**
     * Upstream's getPodsForJob: orphans the selector matches are adopted with the tracking finalizer
     * (finished ones too, so they are counted), owned pods that stopped matching released without it.
     */
    private List<Pod> claimPods(Job job) {
        return new ControllerRefManager<>(client, Pod.class, job,
                p -> Selectors.matches(job.getSpec().getSelector(), p.getMetadata().getLabels()),
                ControllerRefManager.freshOwnerCheck(client, job)).withFinalizer(JobPods.TRACKING_FINALIZER)
                .claim(PodOwnerIndex.ownedOrOrphaned(pods, job));
    }

    /** One sync of one job: reads pods, decides, writes. */
    private final class JobSync {
        private final Job job;
        private final List<Pod> owned;
        private final Instant now;
        private final JobStatus status;
        private final boolean indexed;
        private final boolean suspended;
        private final Integer completions;
        private final int parallelism;
        private final Set<String> uncountedSucceeded;
        private final Set<String> uncountedFailed;
        private final TreeSet<Integer> completed;
        /** spec.backoffLimitPerIndex of an Indexed job, else null. */
        private final Integer backoffLimitPerIndex;
        private final TreeSet<Integer> failedIndexes;
        private final List<Pod> active = new ArrayList<>();
        private final List<Pod> toStrip = new ArrayList<>();
        private int terminating;
        private String failJobMessage;
        private Duration requeue;

        JobSync(Job job, List<Pod> owned, Instant now) {
            this.job = job;
            this.owned = owned;
            this.now = now;
            this.status = job.getStatus() == null ? new JobStatus() : client.getKubernetesSerialization().clone(job.getStatus());
            this.indexed = "Indexed".equals(job.getSpec().getCompletionMode());
            this.suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
            this.completions = job.getSpec().getCompletions();
            this.parallelism = Objects.requireNonNullElse(job.getSpec().getParallelism(), 1);
            UncountedTerminatedPods u = status.getUncountedTerminatedPods();
            this.uncountedSucceeded = new LinkedHashSet<>(u == null || u.getSucceeded() == null ? List.of() : u.getSucceeded());
            this.uncountedFailed = new LinkedHashSet<>(u == null || u.getFailed() == null ? List.of() : u.getFailed());
            int indexes = Objects.requireNonNullElse(completions, 0);
            this.completed = IndexIntervals.parse(status.getCompletedIndexes(), indexes);
            this.backoffLimitPerIndex = indexed ? job.getSpec().getBackoffLimitPerIndex() : null;
            this.failedIndexes = IndexIntervals.parse(status.getFailedIndexes(), indexes);
        }

        ReconcileResult run(String key) {
            boolean newlyUncounted = classifyPods();
            int succeeded = Objects.requireNonNullElse(status.getSucceeded(), 0) + uncountedSucceeded.size();
            int failed = Objects.requireNonNullElse(status.getFailed(), 0) + uncountedFailed.size();
            decideTerminal(succeeded, failed);
            updateSuspension();
            boolean stopping = JobConditions.isTrue(status, JobConditions.FAILURE_TARGET)
                    || JobConditions.isTrue(status, JobConditions.SUCCESS_CRITERIA_MET);
            if (stopping || suspended) {
                new ArrayList<>(active).forEach(p -> deletePod(key, p));
            } else if (expectations.satisfied(key)) {
                adjustActive(key, succeeded);
            }
            status.setActive(active.size());
            status.setReady((int) active.stream().filter(PodStates::ready).count());
            status.setTerminating(terminating);
            if (indexed) {
                status.setCompletedIndexes(IndexIntervals.format(completed));
            }
            if (backoffLimitPerIndex != null) {
                status.setFailedIndexes(IndexIntervals.format(failedIndexes));
            }
            status.setUncountedTerminatedPods(new UncountedTerminatedPods(List.copyOf(uncountedFailed), List.copyOf(uncountedSucceeded)));
            Job current = job;
            if (newlyUncounted) {
                current = writeStatus(key, current); // record before the finalizers go, so nothing is counted twice or lost
            }
            toStrip.forEach(JobController.this::removeFinalizer);
            status.setSucceeded(Objects.requireNonNullElse(status.getSucceeded(), 0) + uncountedSucceeded.size());
            status.setFailed(Objects.requireNonNullElse(status.getFailed(), 0) + uncountedFailed.size());
            status.setUncountedTerminatedPods(new UncountedTerminatedPods(List.of(), List.of()));
            finish();
            if (!status.equals(current.getStatus())) {
                writeStatus(key, current);
            }
            return requeue == null ? ReconcileResult.done() : ReconcileResult.requeueAfter(requeue);
        }

        /** Sorts pods into active, terminating and newly finished; returns whether uncounted pods were added. */
        private boolean classifyPods() {
            boolean added = false;
            for (Pod p : owned) {
                String uid = p.getMetadata().getUid();
                boolean succeeded = PodStates.phase(p).equals("Succeeded");
                // A pod deleted before it finished failed, unless the job was suspended (upstream does not count those).
                boolean failed = PodStates.phase(p).equals("Failed") || (PodStates.terminating(p) && !succeeded && !suspended);
                if (!succeeded && !failed) {
                    if (PodStates.terminating(p)) {
                        terminating++;
                    } else {
                        active.add(p);
                    }
                    continue;
                }
                if (!JobPods.tracked(p)) {
                    continue; // counted before
                }
                toStrip.add(p);
                if (uncountedSucceeded.contains(uid) || uncountedFailed.contains(uid)) {
                    continue;
                }
                if (succeeded) {
                    Integer index = JobPods.index(p);
                    if (!indexed) {
                        uncountedSucceeded.add(uid);
                        added = true;
                    } else if (index != null && completions != null && index >= 0 && index < completions && completed.add(index)) {
                        uncountedSucceeded.add(uid);
                        added = true;
                    }
                    continue;
                }
                PodFailurePolicies.Match match = policyMatch(p);
                if (failsItsIndex(p, match)) {
                    failedIndexes.add(JobPods.index(p));
                }
                if (match != null && "Ignore".equals(match.action())) {
                    continue;
                }
                if (match != null && "FailJob".equals(match.action()) && failJobMessage == null) {
                    failJobMessage = match.message();
                }
                uncountedFailed.add(uid);
                added = true;
            }
            return added;
        }

        /** The pod failure policy's verdict on a failed pod; only pods in phase Failed are matched, as upstream. */
        private PodFailurePolicies.Match policyMatch(Pod p) {
            return PodStates.phase(p).equals("Failed") ? PodFailurePolicies.evaluate(job.getSpec().getPodFailurePolicy(), p) : null;
        }

        private boolean failsItsIndex(Pod failed, PodFailurePolicies.Match match) {
            Integer index = JobPods.index(failed);
            return backoffLimitPerIndex != null && index != null && index >= 0 && index < completions && !completed.contains(index)
                    && IndexFailures.failsIndex(failed, match == null ? null : match.action(), backoffLimitPerIndex);
        }

        private void decideTerminal(int succeeded, int failed) {
            if (JobConditions.isTrue(status, JobConditions.FAILURE_TARGET) || JobConditions.isTrue(status, JobConditions.SUCCESS_CRITERIA_MET)) {
                return;
            }
            int backoffLimit = Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), 6);
            Long deadline = job.getSpec().getActiveDeadlineSeconds();
            Instant started = status.getStartTime() == null ? null : Instant.parse(status.getStartTime());
            if (failJobMessage != null) {
                failureTarget("PodFailurePolicy", failJobMessage);
            } else if (failed > backoffLimit || pastBackoffLimitOnFailure(backoffLimit)) {
                failureTarget("BackoffLimitExceeded", "Job has reached the specified backoff limit");
            } else if (deadline != null && started != null && !suspended && !now.isBefore(started.plusSeconds(deadline))) {
                failureTarget("DeadlineExceeded", "Job was active longer than specified deadline");
            } else if (!failedIndexesTarget() && !successCriteriaMet(succeeded) && deadline != null && started != null && !suspended) {
                requeueWithin(Duration.between(now, started.plusSeconds(deadline)).plusMillis(100));
            }
        }

        /** With a per-index limit the job fails on too many failed indexes, or once every index finished and some failed. */
        private boolean failedIndexesTarget() {
            if (backoffLimitPerIndex == null) {
                return false;
            }
            Integer max = job.getSpec().getMaxFailedIndexes();
            if (max != null && failedIndexes.size() > max) {
                failureTarget("MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes");
                return true;
            }
            if (!failedIndexes.isEmpty() && failedIndexes.size() + completed.size() >= completions) {
                failureTarget("FailedIndexes", "Job has failed indexes");
                return true;
            }
            return false;
        }

        /** A success policy rule (Indexed jobs), else all completions: SuccessCriteriaMet, the step before Complete. */
        private boolean successCriteriaMet(int succeeded) {
            String rule = indexed && completions != null ? SuccessPolicies.match(job.getSpec().getSuccessPolicy(), completions, completed) : null;
            if (rule != null) {
                JobConditions.set(status, JobConditions.SUCCESS_CRITERIA_MET, "True", "SuccessPolicy", rule, now);
                return true;
            }
            if (complete(succeeded)) {
                JobConditions.set(status, JobConditions.SUCCESS_CRITERIA_MET, "True", "CompletionsReached",
                        "Reached expected number of succeeded pods", now);
                return true;
            }
            return false;
        }

        private boolean complete(int succeeded) {
            if (indexed) {
                return completions != null && completed.size() >= completions;
            }
            if (completions != null) {
                return succeeded >= completions;
            }
            return succeeded > 0 && active.isEmpty();
        }

        /** restartPolicy OnFailure: container restarts of running pods count against the limit. */
        private boolean pastBackoffLimitOnFailure(int backoffLimit) {
            if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
                return false;
            }
            int restarts = active.stream().mapToInt(JobPods::restarts).sum();
            return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
        }

        private void failureTarget(String reason, String message) {
            JobConditions.set(status, JobConditions.FAILURE_TARGET, "True", reason, message, now);
            events.warning(job, reason, message);
        }

        private void updateSuspension() {
            JobStatus s = status;
            if (suspended) {
                if (JobConditions.set(s, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                    events.normal(job, "Suspended", "Job suspended");
                }
                return;
            }
            if (JobConditions.isTrue(s, JobConditions.SUSPENDED)) {
                JobConditions.set(s, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now);
                events.normal(job, "Resumed", "Job resumed");
                s.setStartTime(null); // the deadline counts from the resumption
            }
            if (s.getStartTime() == null) {
                s.setStartTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
                Long deadline = job.getSpec().getActiveDeadlineSeconds();
                if (deadline != null) {
                    requeueWithin(Duration.ofSeconds(deadline).plusMillis(100));
                }
            }
        }

        /** Creates or deletes pods so that the wanted number are active, after the failure backoff. */
        private void adjustActive(String key, int succeeded) {
            if (backoffLimitPerIndex != null) {
                // a failed index is not retried: a pod still running for it goes
                new ArrayList<>(active).stream().filter(p -> JobPods.index(p) != null && failedIndexes.contains(JobPods.index(p)))
                        .forEach(p -> deletePod(key, p));
            }
            int want;
            if (indexed) {
                want = completions == null ? 0 : Math.max(0, Math.min(parallelism, completions - completed.size() - failedIndexes.size()));
            } else if (completions != null) {
                want = Math.max(0, Math.min(parallelism, completions - succeeded));
            } else {
                want = succeeded > 0 ? Math.min(active.size(), parallelism) : parallelism;
            }
            if (active.size() > want) {
                List<Pod> excess = new ArrayList<>(active);
                // Not-ready and newer pods go first, as upstream's ActivePods ordering.
                excess.sort(Comparator.comparing(PodStates::ready).thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp(),
                        Comparator.reverseOrder()));
                excess.subList(0, active.size() - want).forEach(p -> deletePod(key, p));
                return;
            }
            int missing = want - active.size();
            if (missing <= 0) {
                return;
            }
            // With a per-index limit each index backs off on its own failures, as upstream; otherwise the job does as a whole.
            Instant next = backoffLimitPerIndex == null ? backoffUntil() : null;
            if (next != null && next.isAfter(now)) {
                requeueWithin(Duration.between(now, next).plusMillis(50));
                return;
            }
            Map<Integer, Pod> lastFailed = backoffLimitPerIndex == null ? Map.of()
                    : IndexFailures.lastFailed(owned.stream().filter(this::failed).toList(), now);
            List<Integer> indexes = indexed ? pendingIndexes(missing, lastFailed) : null;
            int n = indexed ? indexes.size() : missing;
            if (n == 0) {
                return; // every pending index still backs off: expecting zero creations would block later syncs until the TTL
            }
            expectations.expectCreations(key, n);
            for (int i = 0; i < n; i++) {
                Pod pod = JobPods.newPod(job, indexed ? indexes.get(i) : null, client.getKubernetesSerialization());
                if (backoffLimitPerIndex != null) {
                    Pod replaced = lastFailed.get(indexes.get(i));
                    PodFailurePolicies.Match match = replaced == null ? null : policyMatch(replaced);
                    IndexFailures.annotate(pod, IndexFailures.replacing(replaced, match == null ? null : match.action()));
                }
                try {
                    Pod created = client.pods().inNamespace(job.getMetadata().getNamespace()).resource(pod).create();
                    active.add(created);
                    events.normal(job, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    for (int j = i; j < n; j++) {
                        expectations.creationObserved(key);
                    }
                    events.warning(job, "FailedCreate", "Error creating: " + e.getMessage());
                    throw e;
                }
            }
        }

        /** The lowest indexes neither completed, failed nor held by an active pod, whose own backoff (if any) is over. */
        private List<Integer> pendingIndexes(int max, Map<Integer, Pod> lastFailed) {
            Set<Integer> running = new java.util.HashSet<>();
            active.forEach(p -> running.add(JobPods.index(p)));
            List<Integer> out = new ArrayList<>();
            for (int i = 0; completions != null && i < completions && out.size() < max; i++) {
                if (completed.contains(i) || failedIndexes.contains(i) || running.contains(i)) {
                    continue;
                }
                Pod replaced = lastFailed.get(i);
                Instant next = replaced == null ? null
                        : backoff.nextCreateAt(JobPods.finishedAt(replaced, now), IndexFailures.of(replaced).total() + 1);
                if (next != null && next.isAfter(now)) {
                    requeueWithin(Duration.between(now, next).plusMillis(50));
                } else {
                    out.add(i);
                }
            }
            return out;
        }

        /** Upstream's backoff record from the pods: failures since the last success and when the last one happened. */
        private Instant backoffUntil() {
            Instant lastSuccess = null;
            for (Pod p : owned) {
                if (PodStates.phase(p).equals("Succeeded")) {
                    Instant t = JobPods.finishedAt(p, now);
                    lastSuccess = lastSuccess == null || t.isAfter(lastSuccess) ? t : lastSuccess;
                }
            }
            int failures = 0;
            Instant lastFailure = null;
            for (Pod p : owned) {
                if (!failed(p)) {
                    continue;
                }
                Instant t = JobPods.finishedAt(p, now);
                if (lastSuccess == null || t.isAfter(lastSuccess)) {
                    failures++;
                    lastFailure = lastFailure == null || t.isAfter(lastFailure) ? t : lastFailure;
                }
            }
            return backoff.nextCreateAt(lastFailure, failures);
        }

        /** Failed, or deleted before it finished: both need a replacement. */
        private boolean failed(Pod p) {
            return PodStates.phase(p).equals("Failed") || (PodStates.terminating(p) && !PodStates.phase(p).equals("Succeeded"));
        }

        /** FailureTarget / SuccessCriteriaMet become Failed / Complete once no pod of the job runs any more. */
        private void finish() {
            if (!active.isEmpty() || terminating > 0) {
                return;
            }
            var target = JobConditions.find(status, JobConditions.FAILURE_TARGET);
            if (target != null && "True".equals(target.getStatus())) {
                JobConditions.set(status, JobConditions.FAILED, "True", target.getReason(), target.getMessage(), now);
                return;
            }
            var met = JobConditions.find(status, JobConditions.SUCCESS_CRITERIA_MET);
            if (met != null && "True".equals(met.getStatus())) {
                JobConditions.set(status, JobConditions.COMPLETE, "True", met.getReason(), met.getMessage(), now);
                status.setCompletionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
                events.normal(job, "Completed", "Job completed");
            }
        }

        private void requeueWithin(Duration d) {
            Duration positive = d.isNegative() ? Duration.ZERO : d;
            requeue = requeue == null || positive.compareTo(requeue) < 0 ? positive : requeue;
        }

        private Job writeStatus(String key, Job base) {
            Job copy = client.getKubernetesSerialization().clone(base);
            copy.setStatus(client.getKubernetesSerialization().clone(status));
            Job updated = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(copy).updateStatus();
            written.record(key, updated.getMetadata().getResourceVersion());
            return updated;
        }

        private void deletePod(String key, Pod p) {
            expectations.expectDeletion(key, p.getMetadata().getName());
            try {
                client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
                events.normal(job, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, p.getMetadata().getName());
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            active.remove(p);
            terminating++;
        }
    }

    private void removeFinalizer(Pod pod) {
        List<String> finalizers = pod.getMetadata().getFinalizers();
        int i = finalizers.indexOf(JobPods.TRACKING_FINALIZER);
        // A JSON patch that tests the element first, so a concurrent change to the list fails instead of removing another.
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + i + "\",\"value\":\"" + JobPods.TRACKING_FINALIZER + "\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}]";
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).build(), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    protected void stop() throws InterruptedException {
        handlers.removeAll();
        if (loop != null) {
            loop.close();
        }
    }
}
