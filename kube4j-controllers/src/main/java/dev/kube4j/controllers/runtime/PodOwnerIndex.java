package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's pod controller-UID index: the shared pod cache indexed by the UID of each pod's
 * controller, orphans under a per-namespace key. A ReplicaSet's sync then reads its own pods and
 * the namespace's orphans (all it can claim) instead of every pod of the namespace: with 1,500
 * ReplicaSets of 100 pods in one namespace, scanning it cost each sync 150,000 selector checks.
 */
public final class PodOwnerIndex {

    static final String NAME = "podControllerUID";
    private static final String ORPHANS = "_ORPHAN_POD/";

    private PodOwnerIndex() {
    }

    /** Adds the index to the shared pod informer (once, however many controllers ask). */
    public static void install(SharedInformers informers, SharedIndexInformer<Pod> pods) {
        informers.index(pods, NAME, PodOwnerIndex::key);
    }

    static String key(Pod pod) {
        OwnerReference controller = OwnerReferences.controllerOf(pod);
        return controller != null && controller.getUid() != null ? controller.getUid() : ORPHANS + pod.getMetadata().getNamespace();
    }

    /** The pods {@code owner} controls. */
    public static List<Pod> owned(SharedIndexInformer<Pod> pods, HasMetadata owner) {
        return pods.getIndexer().byIndex(NAME, owner.getMetadata().getUid());
    }

    /** The pods {@code owner} controls and the orphans of its namespace: every pod it may claim. */
    public static List<Pod> ownedOrOrphaned(SharedIndexInformer<Pod> pods, HasMetadata owner) {
        List<Pod> out = new ArrayList<>(owned(pods, owner));
        out.addAll(pods.getIndexer().byIndex(NAME, ORPHANS + owner.getMetadata().getNamespace()));
        return out;
    }
}
