package dev.kube4j.controllers.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;

/** Upstream's pod state predicates (podutil) as controllers use them. */
public final class PodStates {

    private PodStates() {
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static boolean finished(Pod pod) {
        String p = phase(pod);
        return p.equals("Succeeded") || p.equals("Failed");
    }

    /** The Ready condition is True. */
    public static boolean ready(Pod pod) {
        PodCondition c = readyCondition(pod);
        return c != null && "True".equals(c.getStatus());
    }

    /** Phase Running and Ready (a StatefulSet's isRunningAndReady). */
    public static boolean runningAndReady(Pod pod) {
        return phase(pod).equals("Running") && ready(pod);
    }

    /** Ready for at least {@code minReadySeconds} (podutil.IsPodAvailable). */
    public static boolean available(Pod pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        PodCondition c = readyCondition(pod);
        if (c.getLastTransitionTime() == null) {
            return false;
        }
        return !Instant.parse(c.getLastTransitionTime()).plusSeconds(minReadySeconds).isAfter(now);
    }

    /** When a ready pod becomes available, or null if it is not ready. */
    public static Instant availableAt(Pod pod, int minReadySeconds) {
        PodCondition c = readyCondition(pod);
        if (c == null || !"True".equals(c.getStatus()) || c.getLastTransitionTime() == null) {
            return null;
        }
        return Instant.parse(c.getLastTransitionTime()).plusSeconds(Math.max(0, minReadySeconds));
    }

    private static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return c;
            }
        }
        return null;
    }
}
