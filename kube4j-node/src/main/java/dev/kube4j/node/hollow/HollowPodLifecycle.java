package dev.kube4j.node.hollow;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a kubelet with a fake runtime would report for a pod, computed from the pod alone (its spec,
 * annotations and last reported status) and the clock. Keeping no memory of its own makes it
 * level-triggered: after a restart of the node agent it continues exactly where the status says.
 *
 * <p>Containers start at once and run forever, unless the pod has {@link HollowAnnotations#EXIT_AFTER}:
 * then each container exits that long after it started, with {@link HollowAnnotations#EXIT_CODE},
 * and the restart policy decides what follows — a restart after the kubelet's crash-loop back-off
 * (immediately the first time, then 10 s doubling up to 5 min), or a final phase.
 */
final class HollowPodLifecycle {

    static final Duration BACKOFF_INITIAL = Duration.ofSeconds(10);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

    private HollowPodLifecycle() {
    }

    /** The status to report (null when unchanged) and when to look at the pod again (null: only on change). */
    record Step(PodStatus status, Duration recheckAfter) {
    }

    static Step next(Pod pod, String hostIP, Supplier<String> podIP, Instant now) {
        now = now.truncatedTo(ChronoUnit.SECONDS); // status times have second precision
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String phase = Objects.requireNonNullElse(current.getPhase(), "Pending");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return new Step(null, null);
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        Duration exitAfter = HollowAnnotations.exitAfter(annotations);
        int exitCode = HollowAnnotations.exitCode(annotations);
        String restartPolicy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");

        boolean starting = current.getStartTime() == null;
        Instant recheck = null;
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean allReady = true;
        boolean allDone = true;
        boolean anyFailed = false;
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus previous = find(current.getContainerStatuses(), c.getName());
            ContainerStatus next = starting || previous == null
                    ? running(pod, c, 0, now, null)
                    : advance(pod, c, previous, exitAfter, exitCode, restartPolicy, now);
            statuses.add(next);
            Instant due = dueTime(next, exitAfter, restartPolicy, exitCode);
            if (due != null && (recheck == null || due.isBefore(recheck))) {
                recheck = due;
            }
            ContainerState s = next.getState();
            allReady &= s.getRunning() != null;
            boolean finished = s.getTerminated() != null && !restarts(restartPolicy, s.getTerminated().getExitCode());
            allDone &= finished;
            anyFailed |= finished && s.getTerminated().getExitCode() != 0;
        }
        String nextPhase = allDone ? (anyFailed ? "Failed" : "Succeeded") : "Running";
        String ip = current.getPodIP() != null ? current.getPodIP() : podIP.get();
        PodStatus desired = new PodStatusBuilder(current)
                .withPhase(nextPhase)
                .withHostIP(hostIP)
                .withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(hostIP))
                .withPodIP(ip)
                .withPodIPs(new PodIP(ip))
                .withStartTime(current.getStartTime() != null ? current.getStartTime() : now.toString())
                .withConditions(conditions(current, allReady, allDone, now))
                .withInitContainerStatuses(initStatuses(pod, current, now))
                .withContainerStatuses(statuses)
                .build();
        Duration after = recheck == null ? null : Duration.between(now, recheck).isNegative() ? Duration.ZERO
                : Duration.between(now, recheck).plusMillis(50);
        return new Step(current.equals(desired) ? null : desired, after);
    }

    private static ContainerStatus advance(Pod pod, Container c, ContainerStatus previous, Duration exitAfter, int exitCode,
                                           String restartPolicy, Instant now) {
        ContainerState state = previous.getState();
        int restarts = Objects.requireNonNullElse(previous.getRestartCount(), 0);
        if (state != null && state.getRunning() != null && exitAfter != null) {
            Instant started = Instant.parse(state.getRunning().getStartedAt());
            Instant finish = started.plus(exitAfter);
            if (!now.isBefore(finish)) {
                ContainerState terminated = new ContainerStateBuilder().withNewTerminated()
                        .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                        .withStartedAt(started.toString()).withFinishedAt(finish.toString())
                        .withContainerID(previous.getContainerID()).endTerminated().build();
                if (!restarts(restartPolicy, exitCode)) {
                    return new ContainerStatusBuilder(previous).withState(terminated).withReady(false).withStarted(false).build();
                }
                if (restarts == 0) {
                    // The kubelet restarts a container the first time without waiting.
                    return running(pod, c, 1, now, terminated);
                }
                return new ContainerStatusBuilder(previous)
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                                .withMessage("back-off " + backoff(restarts).toSeconds() + "s restarting failed container="
                                        + c.getName() + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                                        + "(" + pod.getMetadata().getUid() + ")")
                                .endWaiting().build())
                        .withLastState(terminated).withReady(false).withStarted(false).build();
            }
        }
        if (state != null && state.getWaiting() != null && previous.getLastState() != null
                && previous.getLastState().getTerminated() != null) {
            Instant finished = Instant.parse(previous.getLastState().getTerminated().getFinishedAt());
            if (!now.isBefore(finished.plus(backoff(restarts)))) {
                return running(pod, c, restarts + 1, now, previous.getLastState());
            }
        }
        return previous;
    }

    /** When the container's next transition is due, or null if it has none. */
    private static Instant dueTime(ContainerStatus s, Duration exitAfter, String restartPolicy, int exitCode) {
        ContainerState state = s.getState();
        if (state.getRunning() != null && exitAfter != null) {
            return Instant.parse(state.getRunning().getStartedAt()).plus(exitAfter);
        }
        if (state.getWaiting() != null && s.getLastState() != null && s.getLastState().getTerminated() != null
                && restarts(restartPolicy, exitCode)) {
            return Instant.parse(s.getLastState().getTerminated().getFinishedAt()).plus(backoff(s.getRestartCount()));
        }
        return null;
    }

    static Duration backoff(int restarts) {
        if (restarts <= 0) {
            return Duration.ZERO;
        }
        Duration d = BACKOFF_INITIAL.multipliedBy(1L << Math.min(restarts - 1, 10));
        return d.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : d;
    }

    private static boolean restarts(String restartPolicy, Integer exitCode) {
        return restartPolicy.equals("Always") || (restartPolicy.equals("OnFailure") && exitCode != null && exitCode != 0);
    }

    private static ContainerStatus running(Pod pod, Container c, int restartCount, Instant now, ContainerState lastState) {
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID(FakeIds.imageId(c.getImage()))
                .withContainerID(FakeIds.containerId(pod.getMetadata().getUid(), c.getName(), restartCount))
                .withReady(true)
                .withStarted(true)
                .withRestartCount(restartCount)
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now.toString()).endRunning().build())
                .withLastState(lastState != null ? lastState : new ContainerState())
                .build();
    }

    /** Init containers "run" to completion at once, before the app containers start. */
    private static List<ContainerStatus> initStatuses(Pod pod, PodStatus current, Instant now) {
        if (pod.getSpec().getInitContainers() == null || pod.getSpec().getInitContainers().isEmpty()) {
            return List.of();
        }
        if (current.getInitContainerStatuses() != null && !current.getInitContainerStatuses().isEmpty()) {
            return current.getInitContainerStatuses();
        }
        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            out.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withImageID(FakeIds.imageId(c.getImage()))
                    .withContainerID(FakeIds.containerId(pod.getMetadata().getUid(), c.getName(), 0))
                    .withReady(true).withRestartCount(0).withStarted(false)
                    .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                            .withStartedAt(now.toString()).withFinishedAt(now.toString()).endTerminated().build())
                    .build());
        }
        return out;
    }

    private static List<PodCondition> conditions(PodStatus current, boolean ready, boolean done, Instant now) {
        List<PodCondition> out = new ArrayList<>();
        out.add(condition(current, "PodReadyToStartContainers", !done, null, now));
        out.add(condition(current, "Initialized", true, done ? "PodCompleted" : null, now));
        out.add(condition(current, "Ready", ready, done ? "PodCompleted" : "ContainersNotReady", now));
        out.add(condition(current, "ContainersReady", ready, done ? "PodCompleted" : "ContainersNotReady", now));
        out.add(condition(current, "PodScheduled", true, null, now));
        return out;
    }

    /** A condition keeping its last transition time unless its status changes. */
    private static PodCondition condition(PodStatus current, String type, boolean status, String falseReason, Instant now) {
        String value = status ? "True" : "False";
        PodCondition previous = current.getConditions() == null ? null
                : current.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        if (previous != null && value.equals(previous.getStatus())) {
            return previous;
        }
        PodConditionBuilder b = new PodConditionBuilder().withType(type).withStatus(value)
                .withLastTransitionTime(now.toString());
        if (!status && falseReason != null) {
            b.withReason(falseReason);
        }
        return b.build();
    }

    private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
        if (statuses == null) {
            return null;
        }
        for (ContainerStatus s : statuses) {
            if (name.equals(s.getName())) {
                return s;
            }
        }
        return null;
    }
}
