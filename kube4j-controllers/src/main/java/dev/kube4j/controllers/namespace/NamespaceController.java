package dev.kube4j.controllers.namespace;

import dev.kube4j.controllers.Controller;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Upstream's namespace controller: when a namespace is being deleted, deletes everything in it,
 * waits until it is all gone, then removes the {@code kubernetes} finalizer so the server can
 * remove the namespace itself.
 */
public final class NamespaceController implements Controller {

    private static final Logger log = LoggerFactory.getLogger(NamespaceController.class);

    /** Resync re-queues every terminating namespace now and then, in case an event was missed. */
    private static final Duration RESYNC = Duration.ofMinutes(5);
    private static final int WORKERS = 2;

    private final ItemBackoff<String> backoff;
    private SharedIndexInformer<Namespace> informer;
    private ControllerLoop<String> loop;
    private WorkQueue<String> queue;
    private KubernetesClient client;

    /** Upstream retries a namespace with content left from 5 ms; here a few hundred ms is quick enough and cheaper. */
    public NamespaceController() {
        this(new ItemBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(30)));
    }

    public NamespaceController(ItemBackoff<String> backoff) {
        this.backoff = backoff;
    }

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public void start(KubernetesClient client) {
        this.client = client;
        queue = new WorkQueue<>("namespace", backoff);
        NamespaceDeletion deletion = new NamespaceDeletion(client);
        loop = new ControllerLoop<>("namespace", queue, deletion::reconcile, WORKERS);
        informer = client.namespaces().runnableInformer(RESYNC.toMillis());
        // A namespace already gone on delete has nothing left to finalize.
        informer.addEventHandler(EventHandlers.onChange(this::enqueueIfDeleting, ns -> { }));
        // Keep retrying the initial list/watch: the server may not be up yet (standalone controller-manager).
        informer.exceptionHandler((started, t) -> {
            log.debug("namespace informer: {}", t.toString());
            return true;
        });
        informer.start();
        loop.start();
    }

    private void enqueueIfDeleting(Namespace ns) {
        if (ns.getMetadata().getDeletionTimestamp() != null) {
            queue.add(ns.getMetadata().getName());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (informer != null) {
            informer.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    /** The reconcile step for one namespace name. */
    static final class NamespaceDeletion {

        private final KubernetesClient client;
        private final NamespacedResourceDiscovery discovery;
        private final NamespaceContentDeleter deleter;
        private final NamespaceFinalizer finalizer;
        private final NamespaceConditions conditions;

        NamespaceDeletion(KubernetesClient client) {
            this.client = client;
            this.discovery = new NamespacedResourceDiscovery(client);
            this.deleter = new NamespaceContentDeleter(client);
            this.finalizer = new NamespaceFinalizer(client);
            this.conditions = new NamespaceConditions(client);
        }

        ReconcileResult reconcile(String name) throws Exception {
            // A live read, not the informer's copy: it may lag, and finalizing twice would just 404.
            Namespace ns = client.namespaces().withName(name).get();
            if (ns == null || ns.getMetadata().getDeletionTimestamp() == null || !hasKubernetesFinalizer(ns)) {
                return ReconcileResult.done();
            }
            List<DeletableResource> resources;
            try {
                resources = discovery.discover();
            } catch (RuntimeException e) {
                conditions.discoveryFailed(ns, e);
                throw e;
            }
            NamespaceContentDeleter.Outcome outcome = deleter.deleteAll(name, resources);
            conditions.record(ns, outcome);
            if (!outcome.failures().isEmpty()) {
                throw new IllegalStateException("deleting content of namespace " + name + " failed: " + outcome.failures());
            }
            if (outcome.remaining() > 0) {
                log.debug("namespace {}: {} objects remain, waiting", name, outcome.remaining());
                return ReconcileResult.requeueWithBackoff();
            }
            if (finalizer.removeKubernetesFinalizer(ns)) {
                log.info("namespace {}: content deleted, finalized", name);
            }
            return ReconcileResult.done();
        }

        private static boolean hasKubernetesFinalizer(Namespace ns) {
            return ns.getSpec() != null && ns.getSpec().getFinalizers().contains(NamespaceFinalizer.KUBERNETES);
        }
    }
}
