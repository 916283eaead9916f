package dev.kube4j.controllers.replicaset;

import dev.kube4j.controllers.runtime.Pods;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which surplus pods a ReplicaSet deletes first: upstream's ActivePodsWithRanks order, with the
 * LogarithmicScaleDown and PodDeletionCost features on (their default). Earlier in the order:
 * <ol>
 * <li>unscheduled before scheduled;</li>
 * <li>Pending before Unknown before Running;</li>
 * <li>not ready before ready;</li>
 * <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first;</li>
 * <li>more related pods on the same node ("doubled up") first;</li>
 * <li>ready more recently first (compared in powers of two of the time since);</li>
 * <li>more container restarts first;</li>
 * <li>created more recently first (powers of two again), ties broken by uid.</li>
 * </ol>
 */
public final class PodDeletionOrder {

    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodDeletionOrder() {
    }

    /** A pod with its rank: how many related pods share its node. */
    public record RankedPod(Pod pod, int rank) {}

    /**
     * The {@code count} pods to delete among {@code pods}; {@code related} are the active pods of
     * every ReplicaSet under the same controller (a Deployment's), used to prefer nodes running many.
     */
    public static List<Pod> podsToDelete(List<Pod> pods, List<Pod> related, int count, Instant now) {
        if (count >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod p : related) {
            if (Pods.isActive(p)) {
                onNode.merge(nodeName(p), 1, Integer::sum);
            }
        }
        List<RankedPod> ranked = new ArrayList<>();
        for (Pod p : pods) {
            ranked.add(new RankedPod(p, onNode.getOrDefault(nodeName(p), 0)));
        }
        ranked.sort(comparator(now));
        return ranked.subList(0, count).stream().map(RankedPod::pod).toList();
    }

    public static Comparator<RankedPod> comparator(Instant now) {
        return (a, b) -> compare(a, b, now);
    }

    static int compare(RankedPod a, RankedPod b, Instant now) {
        Pod pi = a.pod();
        Pod pj = b.pod();
        boolean assignedI = !nodeName(pi).isEmpty();
        boolean assignedJ = !nodeName(pj).isEmpty();
        if (assignedI != assignedJ) {
            return assignedI ? 1 : -1;
        }
        int c = Integer.compare(phaseOrdinal(pi), phaseOrdinal(pj));
        if (c != 0) {
            return c;
        }
        boolean readyI = Pods.isReady(pi);
        boolean readyJ = Pods.isReady(pj);
        if (readyI != readyJ) {
            return readyI ? 1 : -1;
        }
        c = Integer.compare(deletionCost(pi), deletionCost(pj));
        if (c != 0) {
            return c;
        }
        if (a.rank() != b.rank()) {
            return Integer.compare(b.rank(), a.rank());
        }
        if (readyI) {
            c = newerFirst(Pods.readySince(pi), Pods.readySince(pj), pi, pj, now);
            if (c != 0) {
                return c;
            }
        }
        int[] ri = Pods.maxRestarts(pi);
        int[] rj = Pods.maxRestarts(pj);
        if (ri[0] != rj[0]) {
            return Integer.compare(rj[0], ri[0]);
        }
        if (ri[1] != rj[1]) {
            return Integer.compare(rj[1], ri[1]);
        }
        return newerFirst(Pods.parse(pi.getMetadata().getCreationTimestamp()),
                Pods.parse(pj.getMetadata().getCreationTimestamp()), pi, pj, now);
    }

    /** Unknown times first, then the more recent; within one power-of-two bucket of age, by uid. */
    private static int newerFirst(Instant ti, Instant tj, Pod pi, Pod pj, Instant now) {
        if (ti == null || tj == null) {
            if (ti == null && tj == null) {
                return 0;
            }
            return ti == null ? -1 : 1;
        }
        if (ti.equals(tj)) {
            return 0;
        }
        long diff = logRank(ti, now) - logRank(tj, now);
        if (diff == 0) {
            return uid(pi).compareTo(uid(pj));
        }
        return diff < 0 ? -1 : 1;
    }

    /** floor(log2(nanoseconds since t)), or -1 for a time not in the past. */
    static long logRank(Instant t, Instant now) {
        long nanos = Duration.between(t, now).toNanos();
        return nanos <= 0 ? -1 : 63 - Long.numberOfLeadingZeros(nanos);
    }

    private static int phaseOrdinal(Pod p) {
        return switch (Pods.phase(p)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    /** The annotation's int32 value; anything unparsable counts as 0, as upstream. */
    static int deletionCost(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nodeName(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid();
    }
}
