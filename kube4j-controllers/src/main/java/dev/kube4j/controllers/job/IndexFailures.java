package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Upstream's backoff limit per index. An index's failures travel on its pods: each pod carries
 * how often its index failed before it was created, so the failed pod a replacement follows is
 * enough to count on (status keeps only the indexes that failed for good).
 */
final class IndexFailures {

    static final String FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
    static final String IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count";

    private IndexFailures() {
    }

    /** Failures of an index before a pod: counted ones, and those a pod failure policy Ignore rule let pass. */
    record Counts(int failed, int ignored) {
        int total() {
            return failed + ignored;
        }
    }

    static Counts of(Pod pod) {
        return new Counts(annotation(pod, FAILURE_COUNT), annotation(pod, IGNORED_FAILURE_COUNT));
    }

    /** The counts for the pod replacing {@code failed} (null: the index's first pod); {@code action} is the policy's verdict on it. */
    static Counts replacing(Pod failed, String action) {
        if (failed == null) {
            return new Counts(0, 0);
        }
        Counts before = of(failed);
        return "Ignore".equals(action) ? new Counts(before.failed(), before.ignored() + 1) : new Counts(before.failed() + 1, before.ignored());
    }

    /** A failed pod fails its index at once on FailIndex, else when its index had already failed {@code limit} times before it. */
    static boolean failsIndex(Pod failed, String action, int limit) {
        if ("FailIndex".equals(action)) {
            return true;
        }
        return !"Ignore".equals(action) && of(failed).failed() >= limit;
    }

    /** Every pod of a job with a per-index limit says its count; the ignored one only once there is one, as upstream. */
    static void annotate(Pod pod, Counts counts) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        annotations.put(FAILURE_COUNT, Integer.toString(counts.failed()));
        if (counts.ignored() > 0) {
            annotations.put(IGNORED_FAILURE_COUNT, Integer.toString(counts.ignored()));
        }
    }

    /** Per index, the failed pod a replacement follows: the one with the most failures behind it, then the last to finish. */
    static Map<Integer, Pod> lastFailed(Collection<Pod> failedPods, Instant now) {
        Map<Integer, Pod> out = new HashMap<>();
        for (Pod p : failedPods) {
            Integer index = JobPods.index(p);
            if (index == null) {
                continue;
            }
            Pod prev = out.get(index);
            if (prev == null || of(prev).total() < of(p).total()
                    || of(prev).total() == of(p).total() && !JobPods.finishedAt(p, now).isBefore(JobPods.finishedAt(prev, now))) {
                out.put(index, p);
            }
        }
        return out;
    }

    /** A count annotation; 0 when absent or not a non-negative number (a user may have written anything). */
    private static int annotation(Pod pod, String key) {
        String v = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
