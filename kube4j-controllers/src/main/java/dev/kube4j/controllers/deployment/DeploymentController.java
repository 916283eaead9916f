package dev.kube4j.controllers.deployment;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.OwnerReferences;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Upstream's Deployment controller: rolls pod templates out through ReplicaSets (RollingUpdate or
 * Recreate), keeps revisions, scales proportionally, pauses, and reports progress conditions.
 */
public final class DeploymentController extends SharedInformerController {

    private static final int WORKERS = 4;

    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private ResourceEventHandler<Deployment> deploymentHandler;
    private ResourceEventHandler<ReplicaSet> rsHandler;
    private ResourceEventHandler<Pod> podHandler;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        queue = new WorkQueue<>("deployment", new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(30)));
        deployments = informers.get(Deployment.class);
        replicaSets = informers.get(ReplicaSet.class);
        pods = informers.get(Pod.class);
        PodOwnerIndex.install(informers, pods);
        DeploymentSync sync = new DeploymentSync(client, deployments, replicaSets, pods);
        loop = new ControllerLoop<>("deployment", queue, sync::reconcile, WORKERS);
        deploymentHandler = EventHandlers.onChange(d -> queue.add(key(d)), d -> queue.add(key(d)));
        rsHandler = new ReplicaSetEvents();
        podHandler = EventHandlers.onChange(p -> { }, this::podDeleted);
        deployments.addEventHandler(deploymentHandler);
        replicaSets.addEventHandler(rsHandler);
        pods.addEventHandler(podHandler);
        informers.whenSynced(loop::start);
    }

    private static String key(HasMetadata obj) {
        return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
    }

    private Deployment resolve(String namespace, OwnerReference ref) {
        if (ref == null || !"Deployment".equals(ref.getKind())) {
            return null;
        }
        Deployment d = deployments.getIndexer().getByKey(namespace + "/" + ref.getName());
        return d != null && Objects.equals(d.getMetadata().getUid(), ref.getUid()) ? d : null;
    }

    private void enqueueOwnerOrMatching(ReplicaSet rs) {
        OwnerReference ref = OwnerReferences.controllerOf(rs);
        if (ref != null) {
            Deployment d = resolve(rs.getMetadata().getNamespace(), ref);
            if (d != null) {
                queue.add(key(d));
            }
            return;
        }
        for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
            if (Selectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels())) {
                queue.add(key(d));
            }
        }
    }

    /** Recreate waits for the old pods to be gone: a deleted pod may let it continue. */
    private void podDeleted(Pod pod) {
        OwnerReference ref = OwnerReferences.controllerOf(pod);
        if (ref == null || !"ReplicaSet".equals(ref.getKind())) {
            return;
        }
        ReplicaSet rs = replicaSets.getIndexer().getByKey(pod.getMetadata().getNamespace() + "/" + ref.getName());
        if (rs == null) {
            return;
        }
        Deployment d = resolve(rs.getMetadata().getNamespace(), OwnerReferences.controllerOf(rs));
        if (d != null && d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType())) {
            queue.add(key(d));
        }
    }

    private final class ReplicaSetEvents implements ResourceEventHandler<ReplicaSet> {
        @Override
        public void onAdd(ReplicaSet rs) {
            enqueueOwnerOrMatching(rs);
        }

        @Override
        public void onUpdate(ReplicaSet old, ReplicaSet cur) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
                return;
            }
            OwnerReference oldRef = OwnerReferences.controllerOf(old);
            if (oldRef != null && !Objects.equals(oldRef, OwnerReferences.controllerOf(cur))) {
                Deployment previous = resolve(old.getMetadata().getNamespace(), oldRef);
                if (previous != null) {
                    queue.add(key(previous));
                }
            }
            enqueueOwnerOrMatching(cur);
        }

        @Override
        public void onDelete(ReplicaSet rs, boolean deletedFinalStateUnknown) {
            Deployment d = resolve(rs.getMetadata().getNamespace(), OwnerReferences.controllerOf(rs));
            if (d != null) {
                queue.add(key(d));
            }
        }
    }

    @Override
    protected void stop() throws InterruptedException {
        if (deployments != null) {
            deployments.removeEventHandler(deploymentHandler);
            replicaSets.removeEventHandler(rsHandler);
            pods.removeEventHandler(podHandler);
        }
        if (loop != null) {
            loop.close();
        }
    }
}
