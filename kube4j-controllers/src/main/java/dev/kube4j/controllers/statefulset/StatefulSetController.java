package dev.kube4j.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.core.Owners;
import dev.kube4j.controllers.core.PodStates;
import dev.kube4j.controllers.history.ControllerHistory;
import dev.kube4j.controllers.deployment.RollingMath;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.ControllerRefManager;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.HandlerRegistrations;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Upstream's StatefulSet controller: pods with stable ordinal identities and claims, created in
 * order and removed in reverse order (OrderedReady) or all at once (Parallel), rolled to a new
 * template from the highest ordinal down to the partition (RollingUpdate) or on deletion
 * (OnDelete), with ControllerRevisions recording every template so {@code kubectl rollout
 * history|undo} work. Like upstream it adopts orphaned pods named {@code <set>-<ordinal>} and
 * revisions its selector matches (a set deleted with {@code --cascade=orphan} and created again
 * takes its pods back) and releases pods that stopped matching. Pods are watched only when they
 * carry the {@code statefulset.kubernetes.io/pod-name} label, so an orphan without it is not seen.
 */
public final class StatefulSetController extends SharedInformerController {

    private static final String KIND = "StatefulSet";

    private KubernetesClient client;
    private SharedIndexInformer<StatefulSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<ControllerRevision> revisions;
    private final HandlerRegistrations handlers = new HandlerRegistrations();
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private ControllerHistory history;
    private EventRecorder events;

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.history = new ControllerHistory(client);
        this.events = new EventRecorder(client, "statefulset-controller");
        queue = new WorkQueue<>("statefulset", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(60)));
        loop = new ControllerLoop<>("statefulset", queue, this::reconcile, 2);
        sets = informers.get(StatefulSet.class);
        pods = informers.get(Pod.class);
        PodOwnerIndex.install(informers, pods);
        revisions = informers.get(ControllerRevision.class);
        handlers.add(sets, EventHandlers.onChange(s -> queue.add(Cache.metaNamespaceKeyFunc(s)), s -> { }));
        handlers.add(pods, EventHandlers.onChange(this::enqueueOwner, this::enqueueOwner));
        handlers.add(pods, EventHandlers.orphans(sets, s -> s.getSpec().getSelector(), queue));
        informers.whenSynced(loop::start);
    }

    private void enqueueOwner(Pod pod) {
        String key = Owners.controllerKey(pod, KIND);
        if (key != null) {
            queue.add(key);
        }
    }

    ReconcileResult reconcile(String key) throws InterruptedException {
        StatefulSet set = sets.getIndexer().getByKey(key);
        if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done();
        }
        Supplier<Boolean> canAdopt = ControllerRefManager.freshOwnerCheck(client, set);
        List<ControllerRevision> revs = ControllerHistory.sorted(claimRevisions(set, canAdopt));
        List<Pod> owned = claimPods(set, canAdopt);

        int collisions = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0 : set.getStatus().getCollisionCount();
        JsonNode data = history.templatePatch(set.getSpec().getTemplate());
        ControllerHistory.UpdateRevision update = history.ensure(set, set.getSpec().getTemplate().getMetadata().getLabels(), data, collisions, revs);
        ControllerRevision updateRevision = update.revision();
        String statusCurrent = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision currentRevision = revs.stream().filter(r -> r.getMetadata().getName().equals(statusCurrent))
                .findFirst().orElse(updateRevision);

        int minReady = Objects.requireNonNullElse(set.getSpec().getMinReadySeconds(), 0);
        Instant now = Instant.now();
        List<StatefulPod> states = new ArrayList<>();
        for (Pod p : owned) {
            states.add(state(set, p, minReady, now));
        }
        boolean rolling = !"OnDelete".equals(set.getSpec().getUpdateStrategy() == null ? null : set.getSpec().getUpdateStrategy().getType());
        int partition = rolling && set.getSpec().getUpdateStrategy() != null && set.getSpec().getUpdateStrategy().getRollingUpdate() != null
                ? Objects.requireNonNullElse(set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition(), 0) : 0;
        int start = set.getSpec().getOrdinals() == null ? 0 : Objects.requireNonNullElse(set.getSpec().getOrdinals().getStart(), 0);
        int replicas = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        StatefulSetPlan.Spec spec = new StatefulSetPlan.Spec(start, replicas,
                "Parallel".equals(set.getSpec().getPodManagementPolicy()), rolling, partition, maxUnavailable(set, replicas),
                currentRevision.getMetadata().getName(), updateRevision.getMetadata().getName());

        PodTemplateSpec currentTemplate = history.templateOf(currentRevision);
        for (StatefulSetPlan.Action action : StatefulSetPlan.plan(spec, states)) {
            switch (action) {
                case StatefulSetPlan.Create c -> create(set, c.updateRevision() ? set.getSpec().getTemplate() : currentTemplate,
                        c.ordinal(), c.updateRevision() ? updateRevision : currentRevision);
                case StatefulSetPlan.Delete d -> delete(set, d);
            }
        }

        writeStatus(set, statusOf(set, states, spec, update.collisionCount()));
        Set<String> live = new HashSet<>();
        live.add(currentRevision.getMetadata().getName());
        live.add(updateRevision.getMetadata().getName());
        states.forEach(s -> live.add(s.revision()));
        history.truncate(revs.stream().filter(r -> r != updateRevision).toList(), live,
                Objects.requireNonNullElse(set.getSpec().getRevisionHistoryLimit(), 10));
        if (minReady > 0) {
            Instant next = owned.stream().map(p -> PodStates.availableAt(p, minReady)).filter(Objects::nonNull)
                    .filter(t -> t.isAfter(now)).min(Instant::compareTo).orElse(null);
            if (next != null) {
                return ReconcileResult.requeueAfter(Duration.between(now, next).plusMillis(100));
            }
        }
        return ReconcileResult.done();
    }

    /** Pods named {@code <set>-<ordinal>} its selector matches, as upstream's getPodsForStatefulSet (with isMemberOf). */
    private List<Pod> claimPods(StatefulSet set, Supplier<Boolean> canAdopt) {
        String name = set.getMetadata().getName();
        return new ControllerRefManager<>(client, Pod.class, set, p -> StatefulIdentity.ordinal(name, p.getMetadata().getName()) >= 0
                && Selectors.matches(set.getSpec().getSelector(), p.getMetadata().getLabels()), canAdopt)
                .claim(PodOwnerIndex.ownedOrOrphaned(pods, set));
    }

    /**
     * Revisions its selector matches, orphans adopted, as upstream's adoptOrphanRevisions: a set
     * created again finds the revision its pods were made from, so they are not rolled.
     */
    private List<ControllerRevision> claimRevisions(StatefulSet set, Supplier<Boolean> canAdopt) {
        List<ControllerRevision> matching = revisions.getIndexer().byIndex(Cache.NAMESPACE_INDEX, set.getMetadata().getNamespace())
                .stream().filter(r -> Selectors.matches(set.getSpec().getSelector(), r.getMetadata().getLabels())).toList();
        return new ControllerRefManager<>(client, ControllerRevision.class, set, r -> true, canAdopt).claim(matching);
    }

    /** spec.updateStrategy.rollingUpdate.maxUnavailable: a count or a percentage of replicas rounded down, at least 1. */
    static int maxUnavailable(StatefulSet set, int replicas) {
        var strategy = set.getSpec().getUpdateStrategy();
        IntOrString value = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getMaxUnavailable();
        return value == null ? 1 : Math.max(1, RollingMath.scaled(value, replicas, false));
    }

    private static StatefulPod state(StatefulSet set, Pod p, int minReady, Instant now) {
        return new StatefulPod(StatefulIdentity.ordinal(set.getMetadata().getName(), p.getMetadata().getName()), p.getMetadata().getName(),
                p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(ControllerHistory.REVISION_HASH),
                !PodStates.phase(p).isEmpty(), PodStates.terminating(p), PodStates.finished(p),
                PodStates.runningAndReady(p), PodStates.available(p, minReady, now));
    }

    private void create(StatefulSet set, PodTemplateSpec template, int ordinal, ControllerRevision revision) {
        String ns = set.getMetadata().getNamespace();
        for (PersistentVolumeClaim claim : StatefulIdentity.claims(set, ordinal)) {
            try {
                client.persistentVolumeClaims().inNamespace(ns).resource(claim).create();
                events.normal(set, "SuccessfulCreate", "create Claim " + claim.getMetadata().getName() + " Pod "
                        + set.getMetadata().getName() + "-" + ordinal + " in StatefulSet " + set.getMetadata().getName() + " success");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(set, "FailedCreate", "create Claim " + claim.getMetadata().getName() + " for Pod "
                            + set.getMetadata().getName() + "-" + ordinal + " in StatefulSet " + set.getMetadata().getName()
                            + " failed error: " + e.getMessage());
                    throw e;
                }
            }
        }
        Pod pod = StatefulIdentity.newPod(set, template, ordinal, revision.getMetadata().getName(), client.getKubernetesSerialization());
        try {
            client.pods().inNamespace(ns).resource(pod).create();
            events.normal(set, "SuccessfulCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + set.getMetadata().getName() + " successful");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                events.warning(set, "FailedCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
                        + set.getMetadata().getName() + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    private void delete(StatefulSet set, StatefulSetPlan.Delete d) {
        String ns = set.getMetadata().getNamespace();
        try {
            client.pods().inNamespace(ns).withName(d.name()).delete();
            events.normal(set, "SuccessfulDelete", "delete Pod " + d.name() + " in StatefulSet " + set.getMetadata().getName() + " successful");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        if (d.why().equals("scale down") && StatefulIdentity.deleteClaimsOnScaleDown(set)) {
            int ordinal = StatefulIdentity.ordinal(set.getMetadata().getName(), d.name());
            for (PersistentVolumeClaim claim : StatefulIdentity.claims(set, ordinal)) {
                client.persistentVolumeClaims().inNamespace(ns).withName(claim.getMetadata().getName()).delete();
            }
        }
    }

    /** Upstream's status: counts over the pods seen, revisions, and a finished rolling update makes the update revision current. */
    static StatefulSetStatus statusOf(StatefulSet set, List<StatefulPod> pods, StatefulSetPlan.Spec spec, int collisions) {
        int replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
        for (StatefulPod p : pods) {
            if (p.created()) {
                replicas++;
            }
            if (p.ready()) {
                ready++;
                available += p.available() ? 1 : 0;
            }
            if (p.created() && !p.terminating()) {
                current += spec.currentRevision().equals(p.revision()) ? 1 : 0;
                updated += spec.updateRevision().equals(p.revision()) ? 1 : 0;
            }
        }
        String currentRevision = spec.currentRevision();
        if (spec.rollingUpdate() && updated == replicas && ready == replicas) {
            // The rolling update is complete: the update revision becomes the current one.
            current = updated;
            currentRevision = spec.updateRevision();
        }
        return new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(available)
                .withCurrentReplicas(current).withUpdatedReplicas(updated)
                .withCurrentRevision(currentRevision).withUpdateRevision(spec.updateRevision())
                .withCollisionCount(collisions).build();
    }

    private void writeStatus(StatefulSet set, StatefulSetStatus status) {
        if (status.equals(set.getStatus())) {
            return;
        }
        client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).withName(set.getMetadata().getName())
                .editStatus(s -> {
                    s.setStatus(status);
                    return s;
                });
    }

    @Override
    protected void stop() throws InterruptedException {
        handlers.removeAll();
        if (loop != null) {
            loop.close();
        }
    }
}
