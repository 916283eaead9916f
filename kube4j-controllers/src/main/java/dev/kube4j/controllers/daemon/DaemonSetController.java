package dev.kube4j.controllers.daemon;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.core.Owners;
import dev.kube4j.controllers.core.PodStates;
import dev.kube4j.controllers.history.ControllerHistory;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.ControllerRefManager;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.NamedExpectations;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.HandlerRegistrations;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Upstream's DaemonSet controller: one pod per eligible node (nodeSelector, required node affinity
 * and taints simulated here; the pod is pinned with node affinity and placed by the scheduler),
 * new nodes get one, ineligible ones lose theirs, RollingUpdate with maxUnavailable/maxSurge or
 * OnDelete, ControllerRevisions for {@code kubectl rollout history|undo}, and upstream's status.
 * Orphaned pods and revisions its selector matches are adopted, owned ones that stopped matching
 * released, as upstream; pods are watched only when they carry {@code controller-revision-hash}.
 */
public final class DaemonSetController extends SharedInformerController {

    private static final String KIND = "DaemonSet";
    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";

    private KubernetesClient client;
    private SharedIndexInformer<DaemonSet> sets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<ControllerRevision> revisions;
    private final HandlerRegistrations handlers = new HandlerRegistrations();
    private final NamedExpectations expectations = new NamedExpectations(Duration.ofMinutes(1));
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private ControllerHistory history;
    private EventRecorder events;

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.history = new ControllerHistory(client);
        this.events = new EventRecorder(client, "daemonset-controller");
        queue = new WorkQueue<>("daemonset", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(60)));
        loop = new ControllerLoop<>("daemonset", queue, this::reconcile, 2);
        sets = informers.get(DaemonSet.class);
        pods = informers.get(Pod.class);
        PodOwnerIndex.install(informers, pods);
        nodes = informers.get(Node.class);
        revisions = informers.get(ControllerRevision.class);
        handlers.add(sets, EventHandlers.onChange(s -> queue.add(Cache.metaNamespaceKeyFunc(s)),
                s -> expectations.forget(Cache.metaNamespaceKeyFunc(s))));
        handlers.add(pods, EventHandlers.ownedPods(KIND, queue, expectations));
        handlers.add(pods, EventHandlers.orphans(sets, d -> d.getSpec().getSelector(), queue));
        handlers.add(revisions, EventHandlers.orphans(sets, d -> d.getSpec().getSelector(), queue));
        // Any node change may change where daemons should run.
        handlers.add(nodes, EventHandlers.onChange(n -> enqueueAll(), n -> enqueueAll()));
        informers.whenSynced(loop::start);
    }

    private void enqueueAll() {
        for (DaemonSet ds : sets.getIndexer().list()) {
            queue.add(Cache.metaNamespaceKeyFunc(ds));
        }
    }

    ReconcileResult reconcile(String key) {
        DaemonSet ds = sets.getIndexer().getByKey(key);
        if (ds == null || ds.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done();
        }
        Supplier<Boolean> canAdopt = ControllerRefManager.freshOwnerCheck(client, ds);
        List<ControllerRevision> revs = ControllerHistory.sorted(claim(ControllerRevision.class, ds,
                revisions.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ds.getMetadata().getNamespace()), canAdopt));
        int collisions = ds.getStatus() == null || ds.getStatus().getCollisionCount() == null ? 0 : ds.getStatus().getCollisionCount();
        ControllerHistory.UpdateRevision update = history.ensure(ds, ds.getSpec().getTemplate().getMetadata().getLabels(),
                history.templatePatch(ds.getSpec().getTemplate()), collisions, revs);
        String hash = update.revision().getMetadata().getLabels().get(ControllerHistory.REVISION_HASH);
        int minReady = Objects.requireNonNullElse(ds.getSpec().getMinReadySeconds(), 0);
        Instant now = Instant.now();

        Map<String, List<DaemonPlan.DaemonPod>> byNode = new HashMap<>();
        Set<String> liveHashes = new HashSet<>();
        for (Pod p : claim(Pod.class, ds, PodOwnerIndex.ownedOrOrphaned(pods, ds), canAdopt)) {
            String podHash = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(ControllerHistory.REVISION_HASH);
            liveHashes.add(podHash);
            byNode.computeIfAbsent(DaemonPods.targetNode(p), k -> new ArrayList<>()).add(new DaemonPlan.DaemonPod(
                    p.getMetadata().getName(), p.getMetadata().getCreationTimestamp(), hash.equals(podHash),
                    PodStates.terminating(p), PodStates.phase(p).equals("Failed"), PodStates.ready(p),
                    PodStates.available(p, minReady, now)));
        }
        List<DaemonPlan.NodeState> states = new ArrayList<>();
        for (Node node : nodes.getIndexer().list()) {
            String name = node.getMetadata().getName();
            states.add(new DaemonPlan.NodeState(name, DaemonPods.eligibility(ds.getSpec().getTemplate().getSpec(), node),
                    byNode.getOrDefault(name, List.of())));
            byNode.remove(name);
        }
        List<DaemonPlan.DaemonPod> orphaned = byNode.values().stream().flatMap(List::stream).toList();
        DaemonPlan.Status counts = DaemonPlan.status(states);

        if (expectations.satisfied(key)) {
            boolean rolling = ds.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
            var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
            int maxSurge = rolling && ru != null ? DaemonPlan.resolve(ru.getMaxSurge() == null ? null : ru.getMaxSurge().getValue(), counts.desired(), 0) : 0;
            int maxUnavailable = rolling && ru != null ? DaemonPlan.resolve(ru.getMaxUnavailable() == null ? null : ru.getMaxUnavailable().getValue(), counts.desired(), 1) : 1;
            if (maxSurge == 0 && maxUnavailable == 0) {
                maxUnavailable = 1;
            }
            DaemonPlan.Result plan = DaemonPlan.plan(states, orphaned, rolling, maxSurge, maxUnavailable);
            for (String name : plan.delete()) {
                deletePod(ds, key, name);
            }
            for (String node : plan.createOn()) {
                createPod(ds, key, node, hash);
            }
        }
        writeStatus(ds, counts, update.collisionCount());
        Set<String> live = new HashSet<>();
        live.add(update.revision().getMetadata().getName());
        for (ControllerRevision r : revs) {
            if (liveHashes.contains(r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(ControllerHistory.REVISION_HASH))) {
                live.add(r.getMetadata().getName());
            }
        }
        history.truncate(revs, live, Objects.requireNonNullElse(ds.getSpec().getRevisionHistoryLimit(), 10));
        if (minReady > 0 && counts.ready() > counts.available()) {
            return ReconcileResult.requeueAfter(Duration.ofSeconds(1));
        }
        return ReconcileResult.done();
    }

    /** The namespace's objects of the informer that the set controls once orphans are adopted and strays released. */
    private <T extends HasMetadata> List<T> claim(Class<T> type, DaemonSet ds, List<T> candidates, Supplier<Boolean> canAdopt) {
        return new ControllerRefManager<>(client, type, ds, o -> Selectors.matches(ds.getSpec().getSelector(), o.getMetadata().getLabels()),
                canAdopt).claim(candidates);
    }

    private void createPod(DaemonSet ds, String key, String node, String hash) {
        ObjectMeta tm = ds.getSpec().getTemplate().getMetadata() == null ? new ObjectMeta() : ds.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = new HashMap<>(tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(ControllerHistory.REVISION_HASH, hash);
        labels.put(TEMPLATE_GENERATION_LABEL, String.valueOf(ds.getMetadata().getGeneration()));
        PodSpec spec = client.getKubernetesSerialization().clone(ds.getSpec().getTemplate().getSpec());
        spec.setTolerations(DaemonPods.withDaemonTolerations(spec));
        spec.setAffinity(DaemonPods.pinnedTo(spec.getAffinity(), node));
        Pod pod = new PodBuilder().withNewMetadata().withGenerateName(ds.getMetadata().getName() + "-")
                .withNamespace(ds.getMetadata().getNamespace()).withLabels(labels).withAnnotations(tm.getAnnotations())
                .withOwnerReferences(Owners.controllerRef(ds)).endMetadata().withSpec(spec).build();
        expectations.expectCreations(key, 1);
        try {
            Pod created = client.pods().inNamespace(ds.getMetadata().getNamespace()).resource(pod).create();
            events.normal(ds, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            expectations.creationObserved(key);
            events.warning(ds, "FailedCreate", "Error creating: " + e.getMessage());
            throw e;
        }
    }

    private void deletePod(DaemonSet ds, String key, String name) {
        expectations.expectDeletion(key, name);
        try {
            client.pods().inNamespace(ds.getMetadata().getNamespace()).withName(name).delete();
            events.normal(ds, "SuccessfulDelete", "Deleted pod: " + name);
        } catch (KubernetesClientException e) {
            expectations.deletionObserved(key, name);
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void writeStatus(DaemonSet ds, DaemonPlan.Status c, int collisions) {
        DaemonSetStatus status = new DaemonSetStatusBuilder().withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(c.desired()).withCurrentNumberScheduled(c.current()).withNumberReady(c.ready())
                .withNumberAvailable(c.available()).withNumberUnavailable(c.desired() - c.available())
                .withUpdatedNumberScheduled(c.updated()).withNumberMisscheduled(c.misscheduled())
                .withCollisionCount(collisions == 0 && (ds.getStatus() == null || ds.getStatus().getCollisionCount() == null) ? null : collisions)
                .build();
        if (status.equals(ds.getStatus())) {
            return;
        }
        client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).withName(ds.getMetadata().getName())
                .editStatus(d -> {
                    d.setStatus(status);
                    return d;
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
