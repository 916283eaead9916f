package dev.kube4j.controllers.ttlafterfinished;

import dev.kube4j.controllers.Controller;
import dev.kube4j.controllers.job.JobConditions;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.InformerSet;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's TTL-after-finished controller: a Job with {@code ttlSecondsAfterFinished} is deleted
 * (foreground, so its pods go first) that long after its Complete or Failed condition.
 */
public final class TtlAfterFinishedController implements Controller {

    private KubernetesClient client;
    private SharedIndexInformer<Job> jobs;
    private final InformerSet informers = new InformerSet();
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;

    @Override
    public String name() {
        return "ttl-after-finished";
    }

    @Override
    public void start(KubernetesClient client) {
        this.client = client;
        queue = new WorkQueue<>("ttl-after-finished", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(60)));
        loop = new ControllerLoop<>("ttl-after-finished", queue, this::reconcile, 1);
        jobs = informers.add(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0));
        jobs.addEventHandler(EventHandlers.onChange(j -> {
            if (j.getSpec().getTtlSecondsAfterFinished() != null && JobConditions.finished(j)) {
                queue.add(Cache.metaNamespaceKeyFunc(j));
            }
        }, j -> { }));
        informers.start(name(), loop::start);
    }

    ReconcileResult reconcile(String key) {
        Job job = jobs.getIndexer().getByKey(key);
        if (job == null || job.getMetadata().getDeletionTimestamp() != null || job.getSpec().getTtlSecondsAfterFinished() == null) {
            return ReconcileResult.done();
        }
        Instant finished = finishTime(job);
        if (finished == null) {
            return ReconcileResult.done();
        }
        Instant expires = finished.plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        Instant now = Instant.now();
        if (now.isBefore(expires)) {
            return ReconcileResult.requeueAfter(Duration.between(now, expires).plusMillis(100));
        }
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return ReconcileResult.done();
    }

    /** The transition time of the Complete or Failed condition. */
    static Instant finishTime(Job job) {
        for (String type : new String[]{JobConditions.COMPLETE, JobConditions.FAILED}) {
            JobCondition c = JobConditions.find(job.getStatus(), type);
            if (c != null && "True".equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                return Instant.parse(c.getLastTransitionTime());
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        informers.close();
        if (loop != null) {
            loop.close();
        }
    }
}
