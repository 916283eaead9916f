package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * Upstream's rolling-update arithmetic (deployment_util.go): surge and unavailability budgets and
 * how far one step may scale the new and old ReplicaSets.
 */
public final class RollingMath {

    /** Surge rounds up and unavailability rounds down, so percentages never block a rollout. */
    public record Fenceposts(int maxSurge, int maxUnavailable) {}

    private RollingMath() {
    }

    /**
     * Both budgets for {@code desired} replicas; if both resolve to 0 (a small percentage rounded
     * down), maxUnavailable becomes 1, since surging might be impossible (quota).
     */
    public static Fenceposts resolveFenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaled(maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /** An int, or a percentage of {@code total} rounded up or down (upstream's GetScaledValueFromIntOrPercent). */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        double v = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }

    /**
     * The new ReplicaSet's size after one scale-up step (NewRSNewReplicas for RollingUpdate): grow
     * into the room between the pods all ReplicaSets ask for and desired + maxSurge, never past desired.
     */
    public static int newReplicaSetReplicas(int desired, int maxSurge, int allReplicas, int newReplicas) {
        int maxTotal = desired + maxSurge;
        if (allReplicas >= maxTotal) {
            return newReplicas;
        }
        int scaleUp = Math.min(maxTotal - allReplicas, desired - newReplicas);
        return newReplicas + scaleUp;
    }

    /**
     * How many old pods may go in one step (reconcileOldReplicaSets): all pods minus the minimum
     * available minus the new ReplicaSet's pods that are not available yet.
     */
    public static int maxScaledDown(int desired, int maxUnavailable, int allReplicas, int newReplicas, int newAvailable) {
        int minAvailable = desired - maxUnavailable;
        int newUnavailable = newReplicas - newAvailable;
        return allReplicas - minAvailable - newUnavailable;
    }

    /** Available pods beyond the minimum, which old ReplicaSets may give up (scaleDownOldReplicaSetsForRollingUpdate). */
    public static int availableAboveMinimum(int desired, int maxUnavailable, int available) {
        return Math.max(0, available - (desired - maxUnavailable));
    }

    /**
     * The change of one ReplicaSet in a proportional scale (GetReplicaSetProportion): its share of
     * {@code toAdd} by its size against the size recorded in its max-replicas annotation, capped
     * by what is left to add (or remove).
     */
    public static int proportion(int rsReplicas, int annotatedMaxReplicas, int desired, int maxSurge, int toAdd, int added) {
        if (rsReplicas == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction;
        if (desired == 0) {
            fraction = -rsReplicas;
        } else {
            double newSize = (double) rsReplicas * (desired + maxSurge) / annotatedMaxReplicas;
            fraction = (int) Math.round(newSize) - rsReplicas;
        }
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }
}
