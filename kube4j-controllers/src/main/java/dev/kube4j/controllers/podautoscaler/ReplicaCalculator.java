package dev.kube4j.controllers.podautoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Upstream's HPA arithmetic: desired = ceil(current × current metric ÷ target), left alone within
 * the 10 % tolerance, clamped to [min, max]; scale-down recommendations are stabilized over a
 * window (the highest recommendation of the last 5 minutes wins, so a brief dip does not shrink
 * the workload), scale-up takes effect at once.
 */
final class ReplicaCalculator {

    static final double TOLERANCE = 0.1;

    private record Recommendation(Instant at, int replicas) {
    }

    private final Deque<Recommendation> history = new ArrayDeque<>();

    /** Replicas for a utilization ratio (current ÷ target), before clamping and stabilization. */
    static int fromRatio(int currentReplicas, double usageRatio) {
        if (Math.abs(1.0 - usageRatio) <= TOLERANCE) {
            return currentReplicas;
        }
        return (int) Math.ceil(usageRatio * currentReplicas);
    }

    /** Clamps to [min, max] (min at least 1). */
    static int clamp(int desired, int min, int max) {
        return Math.max(Math.max(1, min), Math.min(max, desired));
    }

    /** Records a recommendation and returns the stabilized one: the highest within the scale-down window. */
    int stabilize(int recommended, Instant now, Duration scaleDownWindow) {
        history.addLast(new Recommendation(now, recommended));
        while (!history.isEmpty() && history.peekFirst().at().isBefore(now.minus(scaleDownWindow))) {
            history.removeFirst();
        }
        int highest = recommended;
        for (Recommendation r : history) {
            highest = Math.max(highest, r.replicas());
        }
        return highest;
    }
}
