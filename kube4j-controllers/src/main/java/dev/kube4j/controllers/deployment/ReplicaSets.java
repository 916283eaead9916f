package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** ReplicaSet helpers of upstream's controller utilities: sizes, sort orders, template equality. */
final class ReplicaSets {

    private ReplicaSets() {
    }

    static int replicas(ReplicaSet rs) {
        return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    static int statusReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    static int ready(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    static int available(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
    }

    static int sum(List<ReplicaSet> rss, java.util.function.ToIntFunction<ReplicaSet> f) {
        int total = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                total += f.applyAsInt(rs);
            }
        }
        return total;
    }

    static List<ReplicaSet> active(List<ReplicaSet> rss) {
        return rss.stream().filter(rs -> rs != null && replicas(rs) > 0).toList();
    }

    /** Oldest first; ties by name (ReplicaSetsByCreationTimestamp). */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator
            .comparing((ReplicaSet rs) -> Objects.requireNonNullElse(rs.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(rs -> rs.getMetadata().getName());

    /** Lowest revision first, then oldest (ReplicaSetsByRevision). */
    static final Comparator<ReplicaSet> BY_REVISION = Comparator.comparingLong((ReplicaSet rs) -> Revisions.of(rs))
            .thenComparing(BY_CREATION);

    /** Largest first, newer first among equals: where a scale-up goes (ReplicaSetsBySizeNewer). */
    static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator.comparingInt(ReplicaSets::replicas).reversed()
            .thenComparing(BY_CREATION.reversed());

    /** Largest first, older first among equals: where a scale-down goes (ReplicaSetsBySizeOlder). */
    static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator.comparingInt(ReplicaSets::replicas).reversed()
            .thenComparing(BY_CREATION);

    /** Equal templates apart from the pod-template-hash label (upstream's EqualIgnoreHash). */
    static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return Objects.equals(withoutHash(a), withoutHash(b));
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        if (t == null) {
            return null;
        }
        PodTemplateSpec copy = new PodTemplateSpec(t.getMetadata() == null ? null : new io.fabric8.kubernetes.api.model
                .ObjectMetaBuilder(t.getMetadata()).build(), t.getSpec());
        if (copy.getMetadata() != null) {
            Map<String, String> labels = copy.getMetadata().getLabels() == null ? new HashMap<>()
                    : new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(PodTemplateHash.LABEL);
            copy.getMetadata().setLabels(labels.isEmpty() ? null : labels);
            if (copy.getMetadata().getAnnotations() != null && copy.getMetadata().getAnnotations().isEmpty()) {
                copy.getMetadata().setAnnotations(null);
            }
        }
        return copy;
    }
}
