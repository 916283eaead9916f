package dev.kube4j.controllers.replicaset;

/**
 * The status a ReplicaSet and a ReplicationController share (their Go types differ only in name).
 *
 * @param failure the ReplicaFailure condition, or null
 */
public record ReplicaStatus(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                            long observedGeneration, Failure failure) {

    /** The ReplicaFailure condition (status True). */
    public record Failure(String reason, String message, String lastTransitionTime) {}
}
