package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.List;

/** Upstream's podutil helpers: readiness, availability, activity. */
public final class Pods {

    private Pods() {
    }

    /** Not finished and not being deleted (upstream's IsPodActive). */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static PodCondition readyCondition(Pod pod) {
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

    public static boolean isReady(Pod pod) {
        PodCondition c = readyCondition(pod);
        return c != null && "True".equals(c.getStatus());
    }

    /** When the pod became ready, or null (not ready, or no transition time). */
    public static Instant readySince(Pod pod) {
        PodCondition c = readyCondition(pod);
        if (c == null || !"True".equals(c.getStatus())) {
            return null;
        }
        return parse(c.getLastTransitionTime());
    }

    /** Ready for at least {@code minReadySeconds} (upstream's IsPodAvailable). */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** The highest restart count among regular containers, then among init (sidecar) containers. */
    public static int[] maxRestarts(Pod pod) {
        if (pod.getStatus() == null) {
            return new int[] {0, 0};
        }
        return new int[] {max(pod.getStatus().getContainerStatuses()), max(pod.getStatus().getInitContainerStatuses())};
    }

    private static int max(List<ContainerStatus> statuses) {
        int m = 0;
        if (statuses != null) {
            for (ContainerStatus s : statuses) {
                if (s.getRestartCount() != null) {
                    m = Math.max(m, s.getRestartCount());
                }
            }
        }
        return m;
    }

    public static Instant parse(String timestamp) {
        return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
    }
}
