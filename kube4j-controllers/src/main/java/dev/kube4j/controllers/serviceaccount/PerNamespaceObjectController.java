package dev.kube4j.controllers.serviceaccount;

import dev.kube4j.controllers.Controller;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A controller keeping one well-known object in every active namespace (the {@code default}
 * service account, the {@code kube-root-ca.crt} config map): it follows namespaces and those
 * objects, and re-creates or repairs the object of a namespace whenever either changes.
 */
abstract class PerNamespaceObjectController<T extends HasMetadata> implements Controller {

    private static final Logger log = LoggerFactory.getLogger(PerNamespaceObjectController.class);
    private static final Duration RESYNC = Duration.ofMinutes(5);

    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<T> objects;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    protected KubernetesClient client;

    /** The informer on the managed objects (any namespace, this name only). */
    protected abstract SharedIndexInformer<T> objectInformer(KubernetesClient client, long resyncMillis);

    /** Creates or repairs the object in an active namespace. */
    protected abstract void ensure(String namespace);

    @Override
    public void start(KubernetesClient client) {
        this.client = client;
        queue = new WorkQueue<>(name(), new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(30)));
        loop = new ControllerLoop<>(name(), queue, this::reconcile, 2);
        namespaces = client.namespaces().runnableInformer(RESYNC.toMillis());
        namespaces.addEventHandler(EventHandlers.onChange(ns -> queue.add(ns.getMetadata().getName()), ns -> { }));
        objects = objectInformer(client, RESYNC.toMillis());
        objects.addEventHandler(EventHandlers.onChange(o -> queue.add(o.getMetadata().getNamespace()),
                o -> queue.add(o.getMetadata().getNamespace())));
        for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[]{namespaces, objects}) {
            i.exceptionHandler((started, t) -> {
                log.debug("{} informer: {}", name(), t.toString());
                return true;
            });
            i.start();
        }
        loop.start();
    }

    private ReconcileResult reconcile(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))) {
            return ReconcileResult.done();
        }
        ensure(namespace);
        return ReconcileResult.done();
    }

    /** The managed object of a namespace as the informer last saw it, or null. */
    protected T cached(String namespace, String name) {
        return objects.getStore().getByKey(namespace + "/" + name);
    }

    @Override
    public void close() throws InterruptedException {
        if (namespaces != null) {
            namespaces.close();
        }
        if (objects != null) {
            objects.close();
        }
        if (loop != null) {
            loop.close();
        }
    }
}
