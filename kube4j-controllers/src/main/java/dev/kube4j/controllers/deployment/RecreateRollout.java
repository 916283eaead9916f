package dev.kube4j.controllers.deployment;

import dev.kube4j.controllers.runtime.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a Recreate rollout (upstream's rolloutRecreate): scale every old ReplicaSet to 0,
 * wait until none of their pods runs, then create and scale up the new one.
 */
final class RecreateRollout {

    private final DeploymentSync sync;
    private final Deployment d;
    private final List<ReplicaSet> rsList;

    RecreateRollout(DeploymentSync sync, Deployment d, List<ReplicaSet> rsList) {
        this.sync = sync;
        this.d = d;
        this.rsList = rsList;
    }

    Duration run() {
        // No new ReplicaSet yet: creating it now would scale up before the old pods are gone.
        DeploymentSync.Sets sets = sync.sets(d, rsList, false);
        boolean scaledDown = false;
        for (ReplicaSet rs : ReplicaSets.active(sets.old())) {
            sync.scaleReplicaSet(rs, 0, d);
            scaledDown = true;
        }
        if (scaledDown || oldPodsRunning(sets)) {
            return sync.syncRolloutStatus(sets.all(), sets.newRS(), d);
        }
        if (sets.newRS() == null) {
            sets = sync.sets(d, rsList, true);
        }
        ReplicaSet newRS = sets.newRS();
        int desired = DeploymentStatusCalculator.desired(d);
        if (ReplicaSets.replicas(newRS) != desired) {
            sync.scaleReplicaSet(newRS, desired, d);
        }
        if (DeploymentStatusCalculator.complete(d, d.getStatus())) {
            sync.cleanup(d, sets.old());
        }
        return sync.syncRolloutStatus(sets.all(), newRS, d);
    }

    private boolean oldPodsRunning(DeploymentSync.Sets sets) {
        if (ReplicaSets.sum(sets.old(), ReplicaSets::statusReplicas) > 0) {
            return true;
        }
        Map<String, List<Pod>> byRs = sync.podsByReplicaSet(d, rsList);
        String newUid = sets.newRS() == null ? null : sets.newRS().getMetadata().getUid();
        for (var e : byRs.entrySet()) {
            if (e.getKey().equals(newUid)) {
                continue;
            }
            for (Pod p : e.getValue()) {
                String phase = Pods.phase(p);
                if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
