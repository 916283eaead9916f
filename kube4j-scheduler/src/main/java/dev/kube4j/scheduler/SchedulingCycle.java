package dev.kube4j.scheduler;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.RawRequests;
import dev.kube4j.scheduler.cache.AssumedPod;
import dev.kube4j.scheduler.cache.ClusterCache;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.framework.Status;
import dev.kube4j.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pod's trip through the framework: filter (a sample of nodes, upstream's
 * percentageOfNodesToScore, starting where the last cycle stopped), score, pick the best (ties at
 * random), assume the pod onto the node in the cache, then bind in the background so the next pod
 * need not wait for the API round trip. When nothing fits: preemption, the FailedScheduling event
 * and the PodScheduled=False condition.
 */
final class SchedulingCycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchedulingCycle.class);

    private final KubernetesClient client;
    private final SchedulerOptions options;
    private final ClusterCache cache;
    private final ReentrantLock cacheLock;
    private final SchedulingQueue queue;
    private final Profile profile;
    private final EventRecorder events;
    private final Preemption preemption;
    private final ExecutorService binders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore bindSlots;
    private int nextStartIndex;

    SchedulingCycle(KubernetesClient client, SchedulerOptions options, ClusterCache cache, ReentrantLock cacheLock,
                    SchedulingQueue queue, Profile profile, EventRecorder events) {
        this.client = client;
        this.options = options;
        this.cache = cache;
        this.cacheLock = cacheLock;
        this.queue = queue;
        this.profile = profile;
        this.events = events;
        this.preemption = new Preemption(client, profile, events);
        this.bindSlots = new Semaphore(options.bindWorkers());
    }

    void scheduleOne(String key, Pod pod) throws InterruptedException {
        String chosen;
        String failure = null;
        Preemption.Outcome preempted = null;
        cacheLock.lock();
        try {
            CycleState state = new CycleState(pod, cache);
            List<NodeInfo> all = cache.nodes();
            FitError fitError = new FitError(all.size());
            Map<NodeInfo, Status> statuses = new HashMap<>();
            List<NodeInfo> feasible = all.isEmpty() ? List.of() : filter(state, all, fitError, statuses);
            if (feasible.isEmpty()) {
                chosen = null;
                preempted = preemption.tryPreempt(state, all, statuses);
                failure = fitError.message(preempted.message());
            } else {
                chosen = selectHost(state, feasible);
                cache.upsertPod(key, AssumedPod.onNode(pod, chosen));
            }
        } finally {
            cacheLock.unlock();
        }
        if (chosen == null) {
            handleFailure(key, pod, failure, preempted);
            return;
        }
        bindSlots.acquire();
        String node = chosen;
        binders.submit(() -> {
            try {
                bind(key, pod, node);
            } finally {
                bindSlots.release();
            }
        });
    }

    /** Runs the filters, stopping once enough feasible nodes are found (all of them below 100 nodes). */
    private List<NodeInfo> filter(CycleState state, List<NodeInfo> all, FitError fitError, Map<NodeInfo, Status> statuses) {
        List<FilterPlugin> filters = new ArrayList<>(profile.filters().size());
        for (FilterPlugin f : profile.filters()) {
            Status s = f.preFilter(state);
            if (s.isSkip()) {
                continue; // passes every node for this pod: not called per node
            }
            if (!s.isSuccess()) {
                fitError.addForAllNodes(s.reason());
                all.forEach(n -> statuses.put(n, s));
                return List.of();
            }
            filters.add(f);
        }
        int want = options.feasibleNodesToFind(all.size());
        List<NodeInfo> feasible = new ArrayList<>(Math.min(want, all.size()));
        int start = nextStartIndex % all.size();
        int processed = 0;
        for (int i = 0; i < all.size() && feasible.size() < want; i++) {
            NodeInfo n = all.get((start + i) % all.size());
            processed++;
            Status failed = null;
            for (int k = 0; k < filters.size(); k++) {
                Status s = filters.get(k).filter(state, n);
                if (!s.isSuccess()) {
                    failed = s;
                    break;
                }
            }
            if (failed == null) {
                feasible.add(n);
            } else {
                fitError.add(failed.reason());
                statuses.put(n, failed);
            }
        }
        nextStartIndex = (start + processed) % all.size();
        return feasible;
    }

    private String selectHost(CycleState state, List<NodeInfo> feasible) {
        if (feasible.size() == 1) {
            return feasible.getFirst().name();
        }
        long[] total = new long[feasible.size()];
        long[] scores = new long[feasible.size()];
        for (ScorePlugin p : profile.scores()) {
            if (p.preScore(state).isSkip()) {
                continue; // the same score on every node: no ranking changes without it
            }
            for (int i = 0; i < feasible.size(); i++) {
                scores[i] = p.score(state, feasible.get(i));
            }
            p.normalize(state, feasible, scores);
            for (int i = 0; i < scores.length; i++) {
                total[i] += scores[i] * p.weight();
            }
        }
        // Highest total wins; ties are broken at random (reservoir sampling), as upstream does.
        int best = 0;
        int ties = 1;
        for (int i = 1; i < total.length; i++) {
            if (total[i] > total[best]) {
                best = i;
                ties = 1;
            } else if (total[i] == total[best] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = i;
            }
        }
        return feasible.get(best).name();
    }

    private void bind(String key, Pod pod, String node) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            for (String claim : profile.volumes().claimsAwaitingNode(pod)) {
                client.persistentVolumeClaims().inNamespace(ns).withName(claim).edit(c -> {
                    java.util.Map<String, String> a = new java.util.HashMap<>(java.util.Objects.requireNonNullElse(
                            c.getMetadata().getAnnotations(), java.util.Map.of()));
                    a.put("volume.kubernetes.io/selected-node", node);
                    c.getMetadata().setAnnotations(a);
                    return c;
                });
            }
            RawRequests.send(client, "POST", "api/v1/namespaces/" + enc(ns) + "/pods/" + enc(name) + "/binding",
                    "application/json", bindingJson(ns, name, pod.getMetadata().getUid(), node));
            queue.succeeded(key);
            events.emit(pod, "Normal", "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + node, "Binding");
        } catch (KubernetesClientException | InterruptedException e) {
            log.debug("binding {} to {} failed: {}", key, node, e.getMessage());
            cacheLock.lock();
            try {
                if (node.equals(cache.nodeOf(key))) {
                    cache.upsertPod(key, null); // forget the assumption
                }
            } finally {
                cacheLock.unlock();
            }
            queue.failed(key, false);
        }
    }

    private void handleFailure(String key, Pod pod, String message, Preemption.Outcome preempted) {
        queue.failed(key, preempted.nominatedNode() == null);
        events.emit(pod, "Warning", "FailedScheduling", message, "Scheduling");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        PodCondition scheduled = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(message).withLastTransitionTime(now).build();
        List<PodCondition> conditions = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if (!"PodScheduled".equals(c.getType())) {
                    conditions.add(c);
                } else if ("False".equals(c.getStatus())) {
                    scheduled.setLastTransitionTime(c.getLastTransitionTime());
                }
            }
        }
        conditions.add(scheduled);
        Pod updated = new PodBuilder(pod).editOrNewStatus().withConditions(conditions)
                .withNominatedNodeName(preempted.nominatedNode() != null ? preempted.nominatedNode()
                        : pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName())
                .endStatus().build();
        try {
            client.resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            log.debug("updating the PodScheduled condition of {}: {}", key, e.getMessage());
        }
    }

    /** The Binding as JSON text, written directly: one per pod, no model object needed. */
    static String bindingJson(String ns, String name, String uid, String node) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":" + quote(name)
                + ",\"namespace\":" + quote(ns) + (uid == null ? "" : ",\"uid\":" + quote(uid))
                + "},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":" + quote(node) + "}}";
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        binders.shutdown();
        try {
            binders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
