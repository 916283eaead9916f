package dev.kube4j.controllers.nodelifecycle;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Upstream's node lifecycle controller with taint-based eviction: a node whose heartbeats (Lease
 * renewals, status reports) stop for the grace period gets its conditions set to Unknown
 * ("Kubelet stopped posting node status.") and the {@code node.kubernetes.io/unreachable} taints
 * (NoSchedule, NoExecute); a NotReady node gets {@code not-ready}; the taints go when it is Ready
 * again. Pods on a node with NoExecute taints are deleted once their tolerations run out (300 s
 * by default, added by the DefaultTolerationSeconds admission), so their controllers replace them
 * elsewhere.
 */
public final class NodeLifecycleController extends SharedInformerController {

    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);
    static final String NODE_INDEX = "kube4j.dev/nodeName";

    private final NodeLifecycleOptions options;
    /** Node → the last heartbeat value seen and when this controller saw it change (its own clock). */
    private final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Lease> leases;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue<String> evictions;
    private ControllerLoop<String> evictionLoop;
    private ScheduledExecutorService monitor;
    private EventRecorder events;

    private record Heartbeat(String value, Instant observedAt) {
    }

    public NodeLifecycleController(NodeLifecycleOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "node-lifecycle";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.events = new EventRecorder(client, "node-controller");
        evictions = new WorkQueue<>("taint-eviction", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(30)));
        evictionLoop = new ControllerLoop<>("taint-eviction", evictions, this::reconcilePod, 2);
        nodes = informers.get(Node.class);
        leases = informers.get(Lease.class);
        pods = informers.get(Pod.class);
        informers.index(pods, NODE_INDEX, p -> Objects.requireNonNullElse(p.getSpec().getNodeName(), ""));
        nodes.addEventHandler(EventHandlers.onChange(this::nodeChanged, n -> heartbeats.remove(n.getMetadata().getName())));
        pods.addEventHandler(EventHandlers.onChange(p -> {
            if (p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()) {
                evictions.add(Cache.metaNamespaceKeyFunc(p));
            }
        }, p -> { }));
        informers.whenSynced(evictionLoop::start);
        monitor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("node-monitor").factory());
        monitor.scheduleWithFixedDelay(this::monitorNodes, options.monitorPeriod().toMillis(), options.monitorPeriod().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A node's taints changed: every pod on it may have a new eviction time. */
    private void nodeChanged(Node node) {
        for (Pod p : pods.getIndexer().byIndex(NODE_INDEX, node.getMetadata().getName())) {
            evictions.add(Cache.metaNamespaceKeyFunc(p));
        }
    }

    private void monitorNodes() {
        try {
            Instant now = Instant.now();
            for (Node node : nodes.getIndexer().list()) {
                monitor(node, now);
            }
        } catch (RuntimeException e) {
            log.warn("node monitor pass failed: {}", e.toString());
        }
    }

    private void monitor(Node node, Instant now) {
        String name = node.getMetadata().getName();
        String beat = heartbeatValue(node);
        Heartbeat seen = heartbeats.compute(name, (k, old) -> old == null || !old.value().equals(beat) ? new Heartbeat(beat, now) : old);
        boolean silent = Duration.between(seen.observedAt(), now).compareTo(options.monitorGracePeriod()) > 0;
        try {
            if (silent && !"Unknown".equals(NodeTaints.readyStatus(node))) {
                markUnknown(node, now);
                return; // the status change comes back through the informer; taints follow on the next pass
            }
            var taints = NodeTaints.desired(node);
            if (taints != null) {
                client.nodes().withName(name).edit(n -> {
                    n.getSpec().setTaints(taints);
                    return n;
                });
            }
            if (!"True".equals(NodeTaints.readyStatus(node))) {
                markPodsNotReady(name);
            }
        } catch (KubernetesClientException e) {
            log.debug("node {}: {}", name, e.getMessage());
        }
    }

    /** The Lease's renewTime and the Ready condition's heartbeat together: either moving means alive. */
    private String heartbeatValue(Node node) {
        Lease lease = leases.getIndexer().getByKey("kube-node-lease/" + node.getMetadata().getName());
        String renew = lease == null || lease.getSpec().getRenewTime() == null ? "" : lease.getSpec().getRenewTime().toString();
        String status = "";
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    status = Objects.requireNonNullElse(c.getLastHeartbeatTime(), "");
                }
            }
        }
        return renew + "|" + status;
    }

    private void markUnknown(Node node, Instant now) {
        String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
        client.nodes().withName(node.getMetadata().getName()).editStatus(n -> {
            if (n.getStatus() != null && n.getStatus().getConditions() != null) {
                for (NodeCondition c : n.getStatus().getConditions()) {
                    if (!"Unknown".equals(c.getStatus())) {
                        c.setStatus("Unknown");
                        c.setReason("NodeStatusUnknown");
                        c.setMessage("Kubelet stopped posting node status.");
                        c.setLastTransitionTime(t);
                    }
                }
            }
            return n;
        });
        events.normal(node, "NodeNotReady", "Node " + node.getMetadata().getName() + " status is now: NodeNotReady");
        log.info("node {} stopped posting status: marked Unknown", node.getMetadata().getName());
    }

    /** Upstream marks the pods of a lost node not Ready, so services stop sending them traffic. */
    private void markPodsNotReady(String nodeName) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Pod p : pods.getIndexer().byIndex(NODE_INDEX, nodeName)) {
            if (p.getStatus() == null || p.getStatus().getConditions() == null) {
                continue;
            }
            PodCondition ready = p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
            if (ready == null || !"True".equals(ready.getStatus())) {
                continue;
            }
            try {
                client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).editStatus(q -> {
                    q.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).forEach(c -> {
                        c.setStatus("False");
                        c.setLastTransitionTime(now);
                    });
                    return q;
                });
            } catch (KubernetesClientException e) {
                log.debug("marking pod {} not ready: {}", p.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private ReconcileResult reconcilePod(String key) {
        Pod pod = pods.getIndexer().getByKey(key);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done();
        }
        Node node = nodes.getIndexer().getByKey(pod.getSpec().getNodeName());
        if (node == null) {
            return ReconcileResult.done();
        }
        Instant now = Instant.now();
        Instant at = TaintEviction.evictAt(pod, node, now);
        if (at == null) {
            return ReconcileResult.done();
        }
        if (at.isAfter(now)) {
            return ReconcileResult.requeueAfter(Duration.between(now, at).plusMillis(100));
        }
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        log.info("evicted pod {} from node {}", key, node.getMetadata().getName());
        return ReconcileResult.done();
    }

    @Override
    protected void stop() throws InterruptedException {
        if (monitor != null) {
            monitor.shutdownNow();
            monitor.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (evictionLoop != null) {
            evictionLoop.close();
        }
    }
}
