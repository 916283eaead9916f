package dev.kube4j.controllers.replicaset;

import dev.kube4j.apimachinery.json.JsonMembers;
import dev.kube4j.controllers.runtime.ControllerRefManager;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.Expectations;
import dev.kube4j.controllers.runtime.OwnerReferences;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.RawRequests;
import dev.kube4j.controllers.runtime.Pods;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/** The reconcile step for one ReplicaSet or ReplicationController ("namespace/name"). */
final class ReplicaSetSync<T extends HasMetadata> {

    /** Upstream's BurstReplicas: at most this many creations or deletions per sync. */
    static final int BURST_REPLICAS = 500;
    /** Upstream's SlowStartInitialBatchSize. */
    static final int SLOW_START_INITIAL_BATCH = 1;

    private final KubernetesClient client;
    private final ReplicaSetKind<T> kind;
    private final SharedIndexInformer<T> owners;
    private final SharedIndexInformer<Pod> pods;
    private final Expectations<String> expectations;
    private final WorkQueue<String> queue;
    private final EventRecorder events;

    ReplicaSetSync(KubernetesClient client, ReplicaSetKind<T> kind, SharedIndexInformer<T> owners,
                   SharedIndexInformer<Pod> pods, Expectations<String> expectations, WorkQueue<String> queue) {
        this.client = client;
        this.kind = kind;
        this.owners = owners;
        this.pods = pods;
        this.expectations = expectations;
        this.queue = queue;
        this.events = new EventRecorder(client, kind.controllerName() + "-controller");
    }

    ReconcileResult reconcile(String key) throws Exception {
        T rs = owners.getIndexer().getByKey(key);
        if (rs == null) {
            expectations.forget(key);
            return ReconcileResult.done();
        }
        LabelSelector selector = kind.selector(rs);
        if (selector == null) {
            return ReconcileResult.done(); // validation refuses this; nothing can be selected
        }
        boolean needsSync = expectations.satisfied(key);
        String ns = rs.getMetadata().getNamespace();
        List<Pod> active = PodOwnerIndex.ownedOrOrphaned(pods, rs).stream().filter(Pods::isActive).toList();
        List<Pod> owned = new ControllerRefManager<>(client, Pod.class, withKind(rs), p -> Selectors.matches(selector,
                p.getMetadata().getLabels()), ControllerRefManager.freshOwnerCheck(client, rs)).claim(active);
        String manageErr = null;
        Exception failure = null;
        if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
            try {
                manageReplicas(key, rs, owned);
            } catch (KubernetesClientException e) {
                manageErr = statusMessage(e);
                failure = e;
            }
        }
        ReplicaStatus status = ReplicaStatusCalculator.calculate(kind.status(rs), generation(rs), kind.replicas(rs),
                kind.template(rs).getMetadata() == null ? null : kind.template(rs).getMetadata().getLabels(),
                kind.minReadySeconds(rs), owned, manageErr, Instant.now());
        updateStatus(rs, status);
        if (failure != null) {
            throw failure;
        }
        int minReady = kind.minReadySeconds(rs);
        if (minReady > 0 && status.readyReplicas() == kind.replicas(rs) && status.availableReplicas() != kind.replicas(rs)) {
            return ReconcileResult.requeueAfter(Duration.ofSeconds(minReady));
        }
        return ReconcileResult.done();
    }

    /** Creates or deletes pods so that {@code owned} moves towards spec.replicas. */
    private void manageReplicas(String key, T rs, List<Pod> owned) throws Exception {
        int diff = owned.size() - kind.replicas(rs);
        if (diff < 0) {
            int count = Math.min(-diff, BURST_REPLICAS);
            // Expect every creation before the first request: their watch events may arrive before the calls return.
            expectations.expectCreations(key, count);
            SlowStartBatch.Outcome outcome = SlowStartBatch.run(count, SLOW_START_INITIAL_BATCH, () -> {
                createPod(rs);
                return null;
            });
            int notCreated = count - outcome.successes();
            for (int i = 0; i < notCreated; i++) {
                // Skipped or failed: no watch event will come for these.
                expectations.creationObserved(key);
            }
            if (outcome.error() != null) {
                throw outcome.error();
            }
        } else if (diff > 0) {
            int count = Math.min(diff, BURST_REPLICAS);
            List<Pod> victims = PodDeletionOrder.podsToDelete(owned, relatedPods(rs, owned), count, Instant.now());
            expectations.expectDeletions(key, victims.stream().map(p -> p.getMetadata().getUid()).toList());
            deletePods(key, rs, victims);
        }
    }

    private void createPod(T rs) {
        PodTemplateSpec template = kind.template(rs);
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(rs.getMetadata().getName() + "-");
        meta.setNamespace(rs.getMetadata().getNamespace());
        meta.setLabels(tm.getLabels() == null ? null : new LinkedHashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null ? null : new LinkedHashMap<>(tm.getAnnotations()));
        meta.setFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()));
        meta.setOwnerReferences(List.of(OwnerReferences.controllerRef(rs, kind.apiVersion(), kind.kind())));
        Pod pod = new Pod();
        pod.setMetadata(meta);
        pod.setSpec(template.getSpec());
        try {
            // A raw POST: the created pod comes back through the informer; only its name is read from the answer.
            RawRequests.Answer created = RawRequests.exchange(client, "POST",
                    "api/v1/namespaces/" + rs.getMetadata().getNamespace() + "/pods", "application/json",
                    client.getKubernetesSerialization().asJson(pod));
            events.normal(withKind(rs), "SuccessfulCreate", "Created pod: " + createdName(created.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted creating a pod of " + rs.getMetadata().getName(), e);
        } catch (KubernetesClientException e) {
            if (namespaceTerminating(e)) {
                return; // the namespace controller is removing everything anyway
            }
            events.warning(withKind(rs), "FailedCreate", "Error creating: " + statusMessage(e));
            throw e;
        }
    }

    /**
     * metadata.name of the created object's JSON, read without decoding the object (a pod's name is
     * a DNS subdomain: never escaped in JSON); empty if the answer has none.
     */
    static String createdName(byte[] json) {
        JsonMembers.Member metadata = json == null ? null : JsonMembers.find(json, JsonMembers.whitespace(json, 0), "metadata");
        JsonMembers.Member name = metadata == null ? null : JsonMembers.find(json, metadata.valueStart(), "name");
        String plain = name == null ? null : JsonMembers.plainString(json, name.valueStart(), name.valueEnd());
        return plain == null ? "" : plain;
    }

    private void deletePods(String key, T rs, List<Pod> victims) throws Exception {
        KubernetesClientException first = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Pod p : victims) {
                futures.add(pool.submit(() -> deletePod(key, rs, p)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null && e.getCause() instanceof KubernetesClientException k) {
                        first = k;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void deletePod(String key, T rs, Pod p) {
        try {
            client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
            events.normal(withKind(rs), "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
        } catch (KubernetesClientException e) {
            // The deletion event will not come; a 404 means someone else deleted it: not an error.
            expectations.deletionObserved(key, p.getMetadata().getUid());
            if (e.getCode() != 404) {
                events.warning(withKind(rs), "FailedDelete", "Error deleting: " + statusMessage(e));
                throw e;
            }
        }
    }

    /**
     * Active pods of every ReplicaSet sharing this one's controller (a Deployment's), so surplus
     * pods go first from nodes crowded with the same application (upstream's getIndirectlyRelatedPods).
     */
    private List<Pod> relatedPods(T rs, List<Pod> owned) {
        OwnerReference controller = OwnerReferences.controllerOf(rs);
        if (controller == null) {
            return List.of();
        }
        Map<String, Pod> related = new HashMap<>();
        String ns = rs.getMetadata().getNamespace();
        for (T sibling : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
            OwnerReference c = OwnerReferences.controllerOf(sibling);
            if (c == null || !Objects.equals(c.getUid(), controller.getUid())) {
                continue;
            }
            for (Pod p : PodOwnerIndex.owned(pods, sibling)) {
                related.put(p.getMetadata().getUid(), p);
            }
        }
        return new ArrayList<>(related.values());
    }

    private void updateStatus(T rs, ReplicaStatus status) {
        ReplicaStatus current = kind.status(rs);
        if (sameCounts(current, status)) {
            return;
        }
        try {
            client.resource(kind.withStatus(rs, status)).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // The cache is behind (the Deployment controller scaled it): once more on the live object, as upstream.
            T fresh = client.resources(kind.type()).inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName()).get();
            if (fresh != null) {
                client.resource(kind.withStatus(fresh, status)).updateStatus();
            }
        }
    }

    /** Equal apart from the failure's timestamp, which is only set when the condition appears. */
    private static boolean sameCounts(ReplicaStatus a, ReplicaStatus b) {
        boolean sameFailure = a.failure() == null ? b.failure() == null
                : b.failure() != null && a.failure().reason().equals(b.failure().reason())
                && Objects.equals(a.failure().message(), b.failure().message());
        return sameFailure && a.replicas() == b.replicas() && a.fullyLabeledReplicas() == b.fullyLabeledReplicas()
                && a.readyReplicas() == b.readyReplicas() && a.availableReplicas() == b.availableReplicas()
                && a.observedGeneration() == b.observedGeneration();
    }

    /** Typed objects carry their kind from the model's defaults; the apiVersion is set for events and references. */
    private T withKind(T rs) {
        rs.setApiVersion(kind.apiVersion());
        return rs;
    }

    private static long generation(HasMetadata obj) {
        Long g = obj.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    static String statusMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private static boolean namespaceTerminating(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null
                && e.getStatus().getDetails().getCauses().stream()
                .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }
}
