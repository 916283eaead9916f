package dev.kube4j.controllers.gc;

import dev.kube4j.controllers.Controller;
import dev.kube4j.controllers.runtime.ApiClients;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Upstream's garbage collector: follows ownerReferences in every deletable resource and deletes
 * objects whose owners are all gone (background propagation), deletes an owner's dependents before
 * the owner for foreground deletion ({@code foregroundDeletion} finalizer), and strips the
 * references for orphan propagation ({@code orphan} finalizer).
 */
public final class GarbageCollector implements Controller {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    /** Upstream rediscovers resources every 30 s, so new CRDs are followed. */
    private static final Duration REDISCOVERY = Duration.ofSeconds(30);
    private static final int WORKERS = 4;

    private final OwnerGraph graph = new OwnerGraph();
    private final Map<String, GcResource> byGroupKind = new ConcurrentHashMap<>();
    private final Map<GcResource, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private KubernetesClient client;
    /** Lists and watches metadata only: the graph needs nothing else, and pods' specs and statuses are most of the bytes. */
    private KubernetesClient metadataClient;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private ScheduledExecutorService rediscovery;

    @Override
    public String name() {
        return "garbage-collector";
    }

    @Override
    public void start(KubernetesClient client) {
        this.client = client;
        this.metadataClient = ApiClients.metadataOnly(client);
        queue = new WorkQueue<>("garbage-collector", new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(30)));
        GcSync sync = new GcSync(client, graph, this::resourceFor, queue);
        loop = new ControllerLoop<>("garbage-collector", queue, sync::reconcile, WORKERS);
        rediscovery = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gc-discovery").factory());
        // Discovery needs the server: the first round runs in the background, then every 30 s.
        rediscovery.scheduleWithFixedDelay(this::discover, 0, REDISCOVERY.toSeconds(), TimeUnit.SECONDS);
        loop.start();
    }

    /** The resource serving an owner reference's kind (any version of its group), or null. */
    GcResource resourceFor(OwnerReference ref) {
        String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return byGroupKind.get(group + "/" + ref.getKind());
    }

    private void discover() {
        List<GcResource> resources;
        try {
            resources = new GcResourceDiscovery(client).discover();
        } catch (RuntimeException e) {
            log.debug("garbage collector discovery: {}", e.toString());
            return;
        }
        List<CompletableFuture<Void>> started = new java.util.ArrayList<>();
        for (GcResource r : resources) {
            byGroupKind.put(r.group() + "/" + r.kind(), r);
            if (!informers.containsKey(r)) {
                started.add(watch(r));
            }
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("garbage collector: informers not all synced: {}", e.toString());
        }
    }

    private CompletableFuture<Void> watch(GcResource r) {
        var op = metadataClient.genericKubernetesResources(r.context());
        SharedIndexInformer<GenericKubernetesResource> informer = r.namespaced()
                ? op.inAnyNamespace().runnableInformer(0) : op.runnableInformer(0);
        // Only metadata matters here: keep nothing else of every object in memory.
        informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE,
                GenericKubernetesResource.class, client.getKubernetesSerialization(), "metadata"));
        informer.removeNamespaceIndex();
        informer.exceptionHandler((isStarted, t) -> {
            log.debug("garbage collector informer {}: {}", r.plural(), t.toString());
            return isStarted; // a resource that went away (CRD deleted) stops being watched
        });
        informer.addEventHandler(new GraphBuilder(r));
        informers.put(r, informer);
        return informer.start().toCompletableFuture();
    }

    /** Upstream's GraphBuilder: keeps the graph and queues the objects that may need collecting. */
    private final class GraphBuilder implements ResourceEventHandler<GenericKubernetesResource> {
        private final GcResource resource;

        GraphBuilder(GcResource resource) {
            this.resource = resource;
        }

        @Override
        public void onAdd(GenericKubernetesResource obj) {
            changed(obj);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            changed(newObj);
        }

        private void changed(GenericKubernetesResource obj) {
            OwnerGraph.Node node = OwnerGraph.nodeOf(resource, obj);
            OwnerGraph.Node previous = graph.put(node);
            if (node.deleting() && (node.hasFinalizer(FOREGROUND) || node.hasFinalizer(ORPHAN))) {
                queue.add(node.uid());
                if (node.hasFinalizer(FOREGROUND) && (previous == null || !previous.deletingDependents())) {
                    graph.dependentsOf(node.uid()).forEach(d -> queue.add(d.uid()));
                }
            }
            if (!node.owners().isEmpty() && (previous == null || !previous.owners().equals(node.owners())
                    || hasAbsentOrDeletingOwner(node))) {
                queue.add(node.uid());
            }
        }

        private boolean hasAbsentOrDeletingOwner(OwnerGraph.Node node) {
            for (OwnerReference r : node.owners()) {
                OwnerGraph.Node owner = graph.get(r.getUid());
                if (owner == null || owner.deletingDependents()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            OwnerGraph.Node gone = graph.remove(obj.getMetadata().getUid());
            // Its dependents may now have no owner left; owners waiting on it may finish.
            graph.dependentsOf(obj.getMetadata().getUid()).forEach(d -> queue.add(d.uid()));
            if (gone != null) {
                for (OwnerReference r : gone.owners()) {
                    OwnerGraph.Node owner = graph.get(r.getUid());
                    if (owner != null && owner.deleting()) {
                        queue.add(owner.uid());
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (rediscovery != null) {
            rediscovery.shutdownNow();
        }
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
        if (loop != null) {
            loop.close();
        }
        if (metadataClient != null) {
            metadataClient.close();
        }
    }
}
