package dev.kube4j.controllers.replicaset;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.Expectations;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.OwnerReferences;
import dev.kube4j.controllers.runtime.Pods;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Upstream's ReplicaSet controller, also serving ReplicationControllers (as upstream's RC
 * controller wraps the same code): keeps as many active pods as {@code spec.replicas} asks,
 * adopting matching orphans and releasing pods that stopped matching.
 */
public final class ReplicaSetController<T extends HasMetadata> extends SharedInformerController {

    private static final int WORKERS = 4;

    private final ReplicaSetKind<T> kind;
    private final Expectations<String> expectations = new Expectations<>();
    private SharedIndexInformer<T> owners;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private ResourceEventHandler<T> ownerHandler;
    private ResourceEventHandler<Pod> podHandler;

    private ReplicaSetController(ReplicaSetKind<T> kind) {
        this.kind = kind;
    }

    public static ReplicaSetController<ReplicaSet> forReplicaSets() {
        return new ReplicaSetController<>(ReplicaSetKind.REPLICA_SETS);
    }

    public static ReplicaSetController<ReplicationController> forReplicationControllers() {
        return new ReplicaSetController<>(ReplicaSetKind.REPLICATION_CONTROLLERS);
    }

    @Override
    public String name() {
        return kind.controllerName();
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        // Upstream retries a failing sync from 5 ms up to 1000 s; a few seconds' cap keeps tests quick.
        queue = new WorkQueue<>(kind.controllerName(), new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(30)));
        owners = informers.get(kind.type());
        pods = informers.get(Pod.class);
        PodOwnerIndex.install(informers, pods);
        ReplicaSetSync<T> sync = new ReplicaSetSync<>(client, kind, owners, pods, expectations, queue);
        loop = new ControllerLoop<>(kind.controllerName(), queue, sync::reconcile, WORKERS);
        ownerHandler = new OwnerEvents();
        podHandler = new PodEvents();
        owners.addEventHandler(ownerHandler);
        pods.addEventHandler(podHandler);
        informers.whenSynced(loop::start);
    }

    static String key(HasMetadata obj) {
        return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
    }

    /** The owner a controller reference points at, if it is one of ours and still the same object. */
    private T resolve(String namespace, OwnerReference ref) {
        if (ref == null || !kind.kind().equals(ref.getKind())) {
            return null;
        }
        T owner = owners.getIndexer().getByKey(namespace + "/" + ref.getName());
        return owner != null && Objects.equals(owner.getMetadata().getUid(), ref.getUid()) ? owner : null;
    }

    /** Every owner of ours in the pod's namespace whose selector matches it (for orphans). */
    private void enqueueMatching(Pod pod) {
        for (T owner : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (Selectors.matches(kind.selector(owner), pod.getMetadata().getLabels())) {
                queue.add(key(owner));
            }
        }
    }

    private final class OwnerEvents implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            queue.add(key(obj));
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            queue.add(key(newObj));
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            expectations.forget(key(obj));
            queue.add(key(obj));
        }
    }

    /** Upstream's addPod/updatePod/deletePod: observe expectations and wake the owners concerned. */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                // A pod that shows up already being deleted (e.g. after a restart) counts as a deletion.
                onDelete(pod, false);
                return;
            }
            OwnerReference ref = OwnerReferences.controllerOf(pod);
            if (ref != null) {
                T owner = resolve(pod.getMetadata().getNamespace(), ref);
                if (owner != null) {
                    expectations.creationObserved(key(owner));
                    queue.add(key(owner));
                }
                return;
            }
            enqueueMatching(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod cur) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
                return; // a resync: nothing changed
            }
            boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels());
            if (cur.getMetadata().getDeletionTimestamp() != null) {
                // Graceful deletion: replace the pod now rather than when it is finally gone.
                onDelete(cur, false);
                if (labelsChanged) {
                    onDelete(old, false);
                }
                return;
            }
            OwnerReference curRef = OwnerReferences.controllerOf(cur);
            OwnerReference oldRef = OwnerReferences.controllerOf(old);
            boolean refChanged = !Objects.equals(curRef, oldRef);
            if (refChanged && oldRef != null) {
                T previous = resolve(old.getMetadata().getNamespace(), oldRef);
                if (previous != null) {
                    queue.add(key(previous));
                }
            }
            if (curRef != null) {
                T owner = resolve(cur.getMetadata().getNamespace(), curRef);
                if (owner != null) {
                    queue.add(key(owner));
                    int minReady = kind.minReadySeconds(owner);
                    if (!Pods.isReady(old) && Pods.isReady(cur) && minReady > 0) {
                        // The pod becomes available minReadySeconds from now: look again then.
                        queue.addAfter(key(owner), Duration.ofSeconds(minReady + 1L));
                    }
                }
                return;
            }
            if (labelsChanged || refChanged) {
                enqueueMatching(cur);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            T owner = resolve(pod.getMetadata().getNamespace(), OwnerReferences.controllerOf(pod));
            if (owner != null) {
                expectations.deletionObserved(key(owner), pod.getMetadata().getUid());
                queue.add(key(owner));
            }
        }
    }

    @Override
    protected void stop() throws InterruptedException {
        if (owners != null) {
            owners.removeEventHandler(ownerHandler);
            pods.removeEventHandler(podHandler);
        }
        if (loop != null) {
            loop.close();
        }
    }
}
