package dev.kube4j.scheduler;

import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ManagedFieldsDroppingStore;
import dev.kube4j.scheduler.cache.ClusterCache;
import dev.kube4j.scheduler.plugins.VolumeBinding;
import dev.kube4j.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * kube4j's kube-scheduler: watches pods and nodes through informers, takes pending pods for its
 * {@code schedulerName} from the {@link SchedulingQueue} one at a time, filters and scores nodes
 * with the default {@link Profile}, preempts lower-priority pods when nothing fits, and binds
 * through {@code pods/{name}/binding}. It talks to the cluster only through the client.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final KubernetesClient client;
    private final SchedulerOptions options;
    private final ClusterCache cache = new ClusterCache();
    /** Guards the cache: informer threads update it, the scheduling thread reads it during a cycle. */
    private final ReentrantLock cacheLock = new ReentrantLock();
    private final SchedulingQueue queue = new SchedulingQueue();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Pod> pods;
    private SchedulingCycle cycle;
    private Thread loop;
    private volatile boolean closed;

    private Scheduler(KubernetesClient client, SchedulerOptions options) {
        this.client = client;
        this.options = options;
    }

    public static Scheduler start(KubernetesClient client, SchedulerOptions options) {
        Scheduler s = new Scheduler(client, options);
        try {
            s.startInformersAndLoop();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startInformersAndLoop() {
        SharedIndexInformer<PersistentVolumeClaim> claims = keepRetrying(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
        SharedIndexInformer<PersistentVolume> volumes = keepRetrying(client.persistentVolumes().runnableInformer(0));
        SharedIndexInformer<StorageClass> classes = keepRetrying(client.storage().v1().storageClasses().runnableInformer(0));
        VolumeBinding volumeBinding = new VolumeBinding(k -> claims.getIndexer().getByKey(k), n -> volumes.getIndexer().getByKey(n),
                name -> {
                    StorageClass sc = name == null ? null : classes.getIndexer().getByKey(name);
                    return sc == null ? null : sc.getVolumeBindingMode();
                });
        // A claim getting bound or a volume appearing may make a waiting pod schedulable.
        claims.addEventHandler(EventHandlers.onChange(c -> queue.clusterChanged(), c -> { }));
        volumes.addEventHandler(EventHandlers.onChange(v -> queue.clusterChanged(), v -> { }));

        SharedIndexInformer<Node> nodes = keepRetrying(ManagedFieldsDroppingStore.install(client.nodes().runnableInformer(0)));
        nodes.addEventHandler(EventHandlers.onChange(this::nodeChanged, this::nodeDeleted));
        pods = keepRetrying(ManagedFieldsDroppingStore.install(client.pods().inAnyNamespace().runnableInformer(0)));
        pods.addEventHandler(EventHandlers.onChange(this::podChanged, this::podDeleted));
        cycle = new SchedulingCycle(client, options, cache, cacheLock, queue, Profile.defaults(volumeBinding),
                new EventRecorder(client, options.schedulerName()));
        for (SharedIndexInformer<?> i : List.of(claims, volumes, classes)) {
            i.start();
        }
        nodes.start().toCompletableFuture().join();
        pods.start().toCompletableFuture().join();
        loop = Thread.ofPlatform().name("scheduler").daemon().start(this::run);
        log.info("scheduler {} started", options.schedulerName());
    }

    private <T> SharedIndexInformer<T> keepRetrying(SharedIndexInformer<T> informer) {
        // The server may not be up yet, or not serve a group: keep retrying rather than give up.
        informer.exceptionHandler((started, t) -> {
            log.debug("informer: {}", t.toString());
            return true;
        });
        informers.add(informer);
        return informer;
    }

    private void run() {
        while (!closed) {
            try {
                String key = queue.pop(Duration.ofSeconds(1));
                if (key == null) {
                    continue;
                }
                Pod pod = pods.getIndexer().getByKey(key);
                if (pod == null || !pending(pod)) {
                    queue.remove(key);
                    continue;
                }
                cycle.scheduleOne(key, pod);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("scheduling cycle failed", e);
            }
        }
    }

    private boolean pending(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String scheduler = pod.getSpec().getSchedulerName() == null ? SchedulerOptions.DEFAULT_SCHEDULER : pod.getSpec().getSchedulerName();
        return (nodeName == null || nodeName.isEmpty()) && pod.getMetadata().getDeletionTimestamp() == null
                && !"Succeeded".equals(phase) && !"Failed".equals(phase) && scheduler.equals(options.schedulerName())
                && !gated(pod);
    }

    /** Upstream's SchedulingGates pre-enqueue plugin: a pod waits, untouched, until its gates are lifted. */
    private static boolean gated(Pod pod) {
        return pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    private void nodeChanged(Node node) {
        withCache(() -> cache.upsertNode(node));
        queue.clusterChanged();
    }

    private void nodeDeleted(Node node) {
        withCache(() -> cache.removeNode(node.getMetadata().getName()));
    }

    private void podChanged(Pod pod) {
        String key = ClusterCache.key(pod);
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            boolean freed = !ClusterCache.occupiesNode(pod) || pod.getMetadata().getDeletionTimestamp() != null;
            withCache(() -> cache.upsertPod(key, pod));
            queue.remove(key);
            if (freed) {
                queue.clusterChanged();
            }
        } else if (pending(pod)) {
            queue.add(key, pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority());
        } else {
            queue.remove(key);
        }
    }

    private void podDeleted(Pod pod) {
        String key = ClusterCache.key(pod);
        boolean wasPlaced = withCache(() -> {
            boolean placed = cache.nodeOf(key) != null;
            cache.upsertPod(key, null);
            return placed;
        });
        queue.remove(key);
        if (wasPlaced) {
            queue.clusterChanged();
        }
    }

    private void withCache(Runnable r) {
        cacheLock.lock();
        try {
            r.run();
        } finally {
            cacheLock.unlock();
        }
    }

    private <T> T withCache(java.util.function.Supplier<T> s) {
        cacheLock.lock();
        try {
            return s.get();
        } finally {
            cacheLock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.close();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cycle != null) {
            cycle.close();
        }
        informers.forEach(SharedIndexInformer::close);
    }
}
