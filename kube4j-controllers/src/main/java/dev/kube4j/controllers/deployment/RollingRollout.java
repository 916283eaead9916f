package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a RollingUpdate (upstream's rolloutRolling): scale the new ReplicaSet up within
 * maxSurge; if nothing could be added, scale old ones down within maxUnavailable, unhealthy pods
 * first; once complete, trim the history.
 */
final class RollingRollout {

    private final DeploymentSync sync;
    private final Deployment d;
    private final List<ReplicaSet> rsList;

    RollingRollout(DeploymentSync sync, Deployment d, List<ReplicaSet> rsList) {
        this.sync = sync;
        this.d = d;
        this.rsList = rsList;
    }

    /** Returns when to look again (a possibly stuck rollout), or null. */
    Duration run() {
        DeploymentSync.Sets sets = sync.sets(d, rsList, true);
        ReplicaSet newRS = sets.newRS();
        List<ReplicaSet> old = new ArrayList<>(sets.old());
        List<ReplicaSet> all = sets.all();
        if (scaleUpNew(all, newRS) != newRS) {
            return sync.syncRolloutStatus(sets.all(), newRS, d);
        }
        if (scaleDownOld(all, ReplicaSets.active(old), newRS)) {
            return sync.syncRolloutStatus(sets.all(), newRS, d);
        }
        if (DeploymentStatusCalculator.complete(d, d.getStatus())) {
            sync.cleanup(d, old);
        }
        return sync.syncRolloutStatus(all, newRS, d);
    }

    /** reconcileNewReplicaSet: returns the (possibly) rescaled new ReplicaSet. */
    private ReplicaSet scaleUpNew(List<ReplicaSet> all, ReplicaSet newRS) {
        int desired = DeploymentStatusCalculator.desired(d);
        int current = ReplicaSets.replicas(newRS);
        if (current == desired) {
            return newRS;
        }
        if (current > desired) {
            return sync.scaleReplicaSet(newRS, desired, d);
        }
        int target = RollingMath.newReplicaSetReplicas(desired, DeploymentStatusCalculator.maxSurge(d),
                ReplicaSets.sum(all, ReplicaSets::replicas), current);
        return target == current ? newRS : sync.scaleReplicaSet(newRS, target, d);
    }

    /** reconcileOldReplicaSets: true if some old ReplicaSet was scaled down. */
    private boolean scaleDownOld(List<ReplicaSet> all, List<ReplicaSet> oldActive, ReplicaSet newRS) {
        if (ReplicaSets.sum(oldActive, ReplicaSets::replicas) == 0) {
            return false;
        }
        int desired = DeploymentStatusCalculator.desired(d);
        int maxUnavailable = DeploymentStatusCalculator.maxUnavailable(d);
        int maxScaledDown = RollingMath.maxScaledDown(desired, maxUnavailable, ReplicaSets.sum(all, ReplicaSets::replicas),
                ReplicaSets.replicas(newRS), ReplicaSets.available(newRS));
        if (maxScaledDown <= 0) {
            return false;
        }
        List<ReplicaSet> old = new ArrayList<>(oldActive);
        old.sort(ReplicaSets.BY_CREATION);
        // Unhealthy replicas go first: removing them costs no availability.
        int cleaned = 0;
        for (int i = 0; i < old.size() && cleaned < maxScaledDown; i++) {
            ReplicaSet rs = old.get(i);
            int unhealthy = ReplicaSets.replicas(rs) - ReplicaSets.available(rs);
            if (ReplicaSets.replicas(rs) == 0 || unhealthy <= 0) {
                continue;
            }
            int n = Math.min(maxScaledDown - cleaned, unhealthy);
            old.set(i, sync.scaleReplicaSet(rs, ReplicaSets.replicas(rs) - n, d));
            cleaned += n;
        }
        List<ReplicaSet> allNow = new ArrayList<>(old);
        allNow.add(newRS);
        int budget = RollingMath.availableAboveMinimum(desired, maxUnavailable, ReplicaSets.sum(allNow, ReplicaSets::available));
        int scaledDown = 0;
        for (ReplicaSet rs : old) {
            if (scaledDown >= budget) {
                break;
            }
            if (ReplicaSets.replicas(rs) == 0) {
                continue;
            }
            int n = Math.min(ReplicaSets.replicas(rs), budget - scaledDown);
            sync.scaleReplicaSet(rs, ReplicaSets.replicas(rs) - n, d);
            scaledDown += n;
        }
        return cleaned + scaledDown > 0;
    }
}
