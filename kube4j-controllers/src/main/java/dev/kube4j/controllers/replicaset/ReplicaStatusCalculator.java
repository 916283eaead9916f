package dev.kube4j.controllers.replicaset;

import dev.kube4j.controllers.runtime.Pods;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Upstream's calculateStatus for ReplicaSets and ReplicationControllers. */
final class ReplicaStatusCalculator {

    private ReplicaStatusCalculator() {
    }

    /**
     * @param pods      the active pods the object controls
     * @param manageErr what creating or deleting pods failed with this time, or null
     */
    static ReplicaStatus calculate(ReplicaStatus current, long generation, int desired, Map<String, String> templateLabels,
                                   int minReadySeconds, List<Pod> pods, String manageErr, Instant now) {
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : pods) {
            if (hasAll(p.getMetadata().getLabels(), templateLabels)) {
                fullyLabeled++;
            }
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReadySeconds, now)) {
                    available++;
                }
            }
        }
        ReplicaStatus.Failure failure = current.failure();
        if (manageErr != null && failure == null) {
            int diff = pods.size() - desired;
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            failure = new ReplicaStatus.Failure(reason, manageErr, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        } else if (manageErr == null) {
            failure = null;
        }
        return new ReplicaStatus(pods.size(), fullyLabeled, ready, available, generation, failure);
    }

    private static boolean hasAll(Map<String, String> labels, Map<String, String> wanted) {
        if (wanted == null) {
            return true;
        }
        for (var e : wanted.entrySet()) {
            if (labels == null || !e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
