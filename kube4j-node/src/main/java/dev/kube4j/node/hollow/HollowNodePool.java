package dev.kube4j.node.hollow;

import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ManagedFieldsDroppingStore;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * N hollow nodes in this process, like kubemark's hollow kubelets: each registers its Node, renews
 * its Lease and reports Ready ({@link NodeHeartbeat}); pods bound to them are "run" by
 * {@link HollowPodLifecycle}. The nodes share one pod informer and one node informer instead of
 * one watch each: the API server sees the same writes as from N kubelets, at a fraction of the
 * client-side cost, which is what lets thousands of nodes fit in one JVM.
 */
public final class HollowNodePool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HollowNodePool.class);
    static final String HOLLOW_LABEL = "node.kube4j.dev/hollow";

    private final KubernetesClient client;
    private final HollowNodeOptions options;
    private final Map<String, HollowNode> nodes = new LinkedHashMap<>();
    private final Map<String, NodeHeartbeat> heartbeats = new LinkedHashMap<>();
    private final List<Thread> heartbeatThreads = new ArrayList<>();
    /** Each Node as its registration left it, until the node informer has its own copy. */
    private final Map<String, Node> registered = new java.util.concurrent.ConcurrentHashMap<>();
    private SharedIndexInformer<Node> nodeInformer;
    private SharedIndexInformer<Pod> podInformer;
    private WorkQueue<String> podQueue;
    private ControllerLoop<String> podLoop;

    private HollowNodePool(KubernetesClient client, HollowNodeOptions options) {
        this.client = client;
        this.options = options;
        for (int i = 0; i < options.count(); i++) {
            HollowNode n = new HollowNode(i, options);
            nodes.put(n.name(), n);
        }
    }

    /** Registers the nodes and starts their heartbeats and pod handling; the client stays the caller's. */
    public static HollowNodePool start(KubernetesClient client, HollowNodeOptions options) throws InterruptedException {
        HollowNodePool pool = new HollowNodePool(client, options);
        try {
            pool.startNodes();
            pool.startPods();
        } catch (RuntimeException | InterruptedException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    public List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    private void startNodes() throws InterruptedException {
        long t0 = System.nanoTime();
        for (HollowNode n : nodes.values()) {
            heartbeats.put(n.name(), new NodeHeartbeat(n, client, options, this::informerNode));
        }
        register();
        nodeInformer = ManagedFieldsDroppingStore.install(client.nodes().withLabel(HOLLOW_LABEL, "true").runnableInformer(0));
        // A deleted Node stays deleted: a kubelet registers only when it starts.
        nodeInformer.addEventHandler(EventHandlers.onChange(this::observe, node -> { }));
        nodeInformer.start().toCompletableFuture().join();
        registered.clear();
        log.info("{} hollow nodes registered in {} ms", nodes.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * A kubelet heartbeats from the moment it has registered, as each of N real kubelets would:
     * starting all heartbeats only once every node has registered sent the API server thousands
     * of Lease and status writes at one instant (at 5,000 nodes the control plane's own leader
     * Leases then missed their renew deadline).
     */
    private void startHeartbeat(HollowNode n, boolean statusJustPosted) {
        NodeHeartbeat hb = heartbeats.get(n.name());
        if (statusJustPosted) {
            hb.statusReported();
        }
        Thread t = Thread.ofVirtual().name("hollow-heartbeat-" + n.name()).start(hb);
        synchronized (heartbeatThreads) {
            heartbeatThreads.add(t);
        }
    }

    /** Creates every Node, or refreshes its status if it exists (a restarted kubelet), a few at a time. */
    private void register() throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        List<Future<?>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HollowNode n : nodes.values()) {
                inFlight.acquire();
                results.add(pool.submit(() -> {
                    try {
                        registerOne(n);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : results) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("registering hollow nodes failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private void registerOne(HollowNode n) {
        boolean statusPosted;
        try {
            registered.put(n.name(), client.resource(n.registration()).create());
            statusPosted = true; // the registration carries the node's status
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Node existing = client.nodes().withName(n.name()).get();
            registered.put(n.name(), existing);
            n.setStopped(HollowAnnotations.stopped(existing.getMetadata().getAnnotations()));
            statusPosted = !n.stopped();
            if (!n.stopped()) {
                client.resource(new NodeBuilder(existing).withStatus(n.status(existing.getStatus(), Instant.now())).build())
                        .updateStatus();
            }
        }
        startHeartbeat(n, statusPosted);
    }

    /** The informer's Node; before the informer has started, the one registration returned. */
    private Node informerNode(String name) {
        Node seen = nodeInformer == null ? null : nodeInformer.getIndexer().getByKey(name);
        return seen != null ? seen : registered.get(name);
    }

    private void observe(Node node) {
        HollowNode n = nodes.get(node.getMetadata().getName());
        if (n == null) {
            return;
        }
        boolean wasStopped = n.stopped();
        n.setStopped(HollowAnnotations.stopped(node.getMetadata().getAnnotations()));
        NodeHeartbeat hb = heartbeats.get(n.name());
        if (hb != null && !n.stopped() && (wasStopped || HollowNode.needsReadyReport(node))) {
            hb.requestReport();
        }
        if (wasStopped && !n.stopped() && podInformer != null) {
            // Back from a stop: catch up on every pod bound here meanwhile.
            for (Pod p : podInformer.getIndexer().list()) {
                if (n.name().equals(p.getSpec().getNodeName())) {
                    podQueue.add(Cache.metaNamespaceKeyFunc(p));
                }
            }
        }
    }

    private void startPods() {
        podQueue = new WorkQueue<>("hollow-pods", new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(10)));
        HollowPodWorker worker = new HollowPodWorker(client, nodes, key -> podInformer.getIndexer().getByKey(key), name -> {
            NodeHeartbeat hb = heartbeats.get(name);
            if (hb != null) {
                hb.requestReport();
            }
        });
        podLoop = new ControllerLoop<>("hollow-pods", podQueue, worker::reconcile, options.podWorkers());
        // Only pods bound to a node: the scheduler's business ends where ours starts.
        podInformer = ManagedFieldsDroppingStore.install(
                client.pods().inAnyNamespace().withoutField("spec.nodeName", "").runnableInformer(0));
        podInformer.addEventHandler(EventHandlers.onChange(this::enqueue, this::released));
        podLoop.start();
        podInformer.start().toCompletableFuture().join();
    }

    private void released(Pod pod) {
        HollowNode n = nodes.get(pod.getSpec().getNodeName());
        if (n != null && pod.getStatus() != null) {
            n.podAddresses().release(pod.getStatus().getPodIP());
        }
    }

    private void enqueue(Pod pod) {
        HollowNode n = nodes.get(pod.getSpec().getNodeName());
        if (n == null) {
            return;
        }
        if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
            n.podAddresses().markUsed(pod.getStatus().getPodIP());
        }
        podQueue.add(Cache.metaNamespaceKeyFunc(pod));
    }

    @Override
    public void close() throws InterruptedException {
        heartbeats.values().forEach(NodeHeartbeat::close);
        List<Thread> started;
        synchronized (heartbeatThreads) {
            started = List.copyOf(heartbeatThreads);
        }
        for (Thread t : started) {
            t.join(5_000);
        }
        if (podInformer != null) {
            podInformer.close();
        }
        if (podLoop != null) {
            podLoop.close();
        }
        if (nodeInformer != null) {
            nodeInformer.close();
        }
    }
}
