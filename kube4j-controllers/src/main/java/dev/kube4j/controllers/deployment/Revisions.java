package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Revision bookkeeping on a Deployment's ReplicaSets, as upstream's deployment_util: the
 * {@code deployment.kubernetes.io/revision} annotation (the newest ReplicaSet has the highest),
 * the revisions a ReplicaSet served before a rollback brought it back, and the Deployment
 * annotations (such as {@code kubernetes.io/change-cause}) copied onto its new ReplicaSet.
 */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** Upstream's cap on the revision-history annotation (maxRevHistoryLengthInChars). */
    static final int MAX_HISTORY_CHARS = 2000;

    private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
            MAX_REPLICAS, DEPRECATED_ROLLBACK_TO);

    private Revisions() {
    }

    /** The object's revision; 0 when it has none or it is not a number (such objects are skipped, as upstream). */
    public static long of(HasMetadata obj) {
        Map<String, String> a = obj.getMetadata().getAnnotations();
        return parse(a == null ? null : a.get(REVISION));
    }

    static long parse(String v) {
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long max(List<? extends HasMetadata> objects) {
        long max = 0;
        for (HasMetadata o : objects) {
            max = Math.max(max, of(o));
        }
        return max;
    }

    /**
     * Brings a (new) ReplicaSet's annotations in line with its Deployment: copies the Deployment's
     * own annotations, raises the revision to {@code newRevision} if lower (remembering the old one
     * in the history: a rollback to this ReplicaSet), and on creation records desired and max
     * replicas. Returns whether anything changed.
     */
    public static boolean setNewReplicaSetAnnotations(Map<String, String> deployment, Map<String, String> rs,
                                                      long newRevision, boolean exists, int desired, int maxSurge) {
        boolean changed = copyDeploymentAnnotations(deployment, rs);
        String oldRevision = rs.get(REVISION);
        long old;
        try {
            old = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        if (old < newRevision) {
            rs.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null) {
                appendHistory(rs, oldRevision);
            }
        }
        if (!exists && setReplicasAnnotations(rs, desired, desired + maxSurge)) {
            changed = true;
        }
        return changed;
    }

    private static void appendHistory(Map<String, String> rs, String oldRevision) {
        String history = rs.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
            rs.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int total = history.length() + oldRevision.length() + 1;
        // Drop the oldest entries until the new one fits.
        while (total > MAX_HISTORY_CHARS && !revisions.isEmpty()) {
            total -= revisions.removeFirst().length() + 1;
        }
        if (total <= MAX_HISTORY_CHARS) {
            revisions.add(oldRevision);
            rs.put(REVISION_HISTORY, String.join(",", revisions));
        }
    }

    /** Copies every Deployment annotation except the apply and revision ones; true if one changed. */
    static boolean copyDeploymentAnnotations(Map<String, String> deployment, Map<String, String> rs) {
        boolean changed = false;
        if (deployment == null) {
            return false;
        }
        for (var e : deployment.entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(rs.get(e.getKey()))) {
                continue;
            }
            rs.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** desired-replicas and max-replicas (desired + maxSurge), used to scale ReplicaSets proportionally. */
    public static boolean setReplicasAnnotations(Map<String, String> rs, int desired, int max) {
        boolean changed = false;
        if (!Integer.toString(desired).equals(rs.get(DESIRED_REPLICAS))) {
            rs.put(DESIRED_REPLICAS, Integer.toString(desired));
            changed = true;
        }
        if (!Integer.toString(max).equals(rs.get(MAX_REPLICAS))) {
            rs.put(MAX_REPLICAS, Integer.toString(max));
            changed = true;
        }
        return changed;
    }

    /** The int value of an annotation, or null when absent or not a number. */
    static Integer intAnnotation(HasMetadata obj, String key) {
        Map<String, String> a = obj.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
