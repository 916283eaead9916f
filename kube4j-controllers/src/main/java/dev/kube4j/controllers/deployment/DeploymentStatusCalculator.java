package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Upstream's calculateStatus and the progress predicates built on it (DeploymentComplete, …). */
final class DeploymentStatusCalculator {

    private DeploymentStatusCalculator() {
    }

    static int desired(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || !"Recreate".equals(d.getSpec().getStrategy().getType());
    }

    static RollingMath.Fenceposts fenceposts(Deployment d) {
        if (!isRollingUpdate(d) || d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getRollingUpdate() == null) {
            return new RollingMath.Fenceposts(0, 0);
        }
        var ru = d.getSpec().getStrategy().getRollingUpdate();
        return RollingMath.resolveFenceposts(ru.getMaxSurge(), ru.getMaxUnavailable(), desired(d));
    }

    static int maxSurge(Deployment d) {
        return isRollingUpdate(d) ? fenceposts(d).maxSurge() : 0;
    }

    static int maxUnavailable(Deployment d) {
        return isRollingUpdate(d) ? fenceposts(d).maxUnavailable() : 0;
    }

    /** The status the ReplicaSets imply, keeping the current conditions and refreshing Available. */
    static DeploymentStatus calculate(List<ReplicaSet> all, ReplicaSet newRS, Deployment d) {
        int available = ReplicaSets.sum(all, ReplicaSets::available);
        int total = ReplicaSets.sum(all, ReplicaSets::replicas);
        DeploymentStatus current = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus s = new DeploymentStatus();
        s.setObservedGeneration(d.getMetadata().getGeneration());
        s.setReplicas(ReplicaSets.sum(all, ReplicaSets::statusReplicas));
        s.setUpdatedReplicas(ReplicaSets.statusReplicas(newRS));
        s.setReadyReplicas(ReplicaSets.sum(all, ReplicaSets::ready));
        s.setAvailableReplicas(available);
        s.setUnavailableReplicas(Math.max(0, total - available));
        s.setCollisionCount(current.getCollisionCount());
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (current.getConditions() != null) {
            for (DeploymentCondition c : current.getConditions()) {
                conditions.add(new DeploymentCondition(c.getLastTransitionTime(), c.getLastUpdateTime(), c.getMessage(),
                        c.getReason(), c.getStatus(), c.getType()));
            }
        }
        s.setConditions(conditions);
        if (available >= desired(d) - maxUnavailable(d)) {
            DeploymentConditions.set(s, DeploymentConditions.create(DeploymentConditions.AVAILABLE, "True",
                    DeploymentConditions.MINIMUM_AVAILABLE, "Deployment has minimum availability."));
        } else {
            DeploymentConditions.set(s, DeploymentConditions.create(DeploymentConditions.AVAILABLE, "False",
                    DeploymentConditions.MINIMUM_UNAVAILABLE, "Deployment does not have minimum availability."));
        }
        return s;
    }

    static boolean hasProgressDeadline(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p != null && p != Integer.MAX_VALUE;
    }

    static boolean complete(Deployment d, DeploymentStatus s) {
        int desired = desired(d);
        return n(s.getUpdatedReplicas()) == desired && n(s.getReplicas()) == desired && n(s.getAvailableReplicas()) == desired
                && ln(s.getObservedGeneration()) >= ln(d.getMetadata().getGeneration());
    }

    static boolean progressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(s.getReplicas()) - n(s.getUpdatedReplicas());
        return n(s.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(s.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(s.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = DeploymentConditions.get(s, DeploymentConditions.PROGRESSING);
        if (c == null || DeploymentConditions.NEW_RS_AVAILABLE.equals(c.getReason())) {
            return false;
        }
        if (DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
            return true;
        }
        Instant from = Instant.parse(c.getLastUpdateTime());
        return from.plus(Duration.ofSeconds(d.getSpec().getProgressDeadlineSeconds())).isBefore(now);
    }

    static int n(Integer v) {
        return v == null ? 0 : v;
    }

    static long ln(Long v) {
        return v == null ? 0 : v;
    }
}
