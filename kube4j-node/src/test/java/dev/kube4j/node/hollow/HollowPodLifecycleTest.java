package dev.kube4j.node.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HollowPodLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static Pod pod(String restartPolicy, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u-1")
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withNodeName("hollow-node-0")
                .addNewContainer().withName("c").withImage("nginx:1.23").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus()
                .build();
    }

    private static Pod withStatus(Pod p, PodStatus s) {
        return new PodBuilder(p).withStatus(s).build();
    }

    @Test
    void startsContainersRunningWithAnIpAndReadyConditions() {
        HollowPodLifecycle.Step s = HollowPodLifecycle.next(pod("Always", Map.of()), "100.64.0.0", () -> "10.64.0.2", T0);
        assertThat(s.status().getPhase()).isEqualTo("Running");
        assertThat(s.status().getPodIP()).isEqualTo("10.64.0.2");
        assertThat(s.status().getHostIP()).isEqualTo("100.64.0.0");
        assertThat(s.status().getStartTime()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(s.status().getContainerStatuses()).singleElement().satisfies(c -> {
            assertThat(c.getReady()).isTrue();
            assertThat(c.getState().getRunning().getStartedAt()).isEqualTo("2026-11-24T10:00:00Z");
            assertThat(c.getContainerID()).startsWith("hollow://");
        });
        assertThat(s.status().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(s.recheckAfter()).isNull();
        // Level-triggered: nothing changes on a second look.
        Pod running = withStatus(pod("Always", Map.of()), s.status());
        assertThat(HollowPodLifecycle.next(running, "100.64.0.0", () -> "x", T0.plusSeconds(60)).status()).isNull();
    }

    @Test
    void neverRestartingPodSucceedsOrFailsAfterExitAfter() {
        Map<String, String> a = Map.of(HollowAnnotations.EXIT_AFTER, "2s", HollowAnnotations.EXIT_CODE, "3");
        Pod p = pod("Never", a);
        HollowPodLifecycle.Step started = HollowPodLifecycle.next(p, "h", () -> "10.64.0.2", T0);
        assertThat(started.recheckAfter()).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2100));
        Pod running = withStatus(p, started.status());
        assertThat(HollowPodLifecycle.next(running, "h", () -> "x", T0.plusSeconds(1)).status()).isNull();
        HollowPodLifecycle.Step done = HollowPodLifecycle.next(running, "h", () -> "x", T0.plusSeconds(2));
        assertThat(done.status().getPhase()).isEqualTo("Failed");
        assertThat(done.status().getContainerStatuses().getFirst().getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(done.status().getContainerStatuses().getFirst().getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(done.recheckAfter()).isNull();

        Pod ok = pod("OnFailure", Map.of(HollowAnnotations.EXIT_AFTER, "1s"));
        Pod okRunning = withStatus(ok, HollowPodLifecycle.next(ok, "h", () -> "10.64.0.3", T0).status());
        assertThat(HollowPodLifecycle.next(okRunning, "h", () -> "x", T0.plusSeconds(1)).status().getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void alwaysRestartsFirstAtOnceThenWithCrashLoopBackOff() {
        Pod p = pod("Always", Map.of(HollowAnnotations.EXIT_AFTER, "1s", HollowAnnotations.EXIT_CODE, "1"));
        Pod running = withStatus(p, HollowPodLifecycle.next(p, "h", () -> "10.64.0.2", T0).status());
        PodStatus restarted = HollowPodLifecycle.next(running, "h", () -> "x", T0.plusSeconds(1)).status();
        assertThat(restarted.getPhase()).isEqualTo("Running");
        assertThat(restarted.getContainerStatuses().getFirst().getRestartCount()).isEqualTo(1);
        assertThat(restarted.getContainerStatuses().getFirst().getLastState().getTerminated().getExitCode()).isEqualTo(1);

        HollowPodLifecycle.Step crashed = HollowPodLifecycle.next(withStatus(p, restarted), "h", () -> "x", T0.plusSeconds(2));
        assertThat(crashed.status().getContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(crashed.recheckAfter()).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_100));
        Pod backingOff = withStatus(p, crashed.status());
        assertThat(HollowPodLifecycle.next(backingOff, "h", () -> "x", T0.plusSeconds(5)).status()).isNull();
        PodStatus again = HollowPodLifecycle.next(backingOff, "h", () -> "x", T0.plusSeconds(12)).status();
        assertThat(again.getContainerStatuses().getFirst().getRestartCount()).isEqualTo(2);
        assertThat(again.getContainerStatuses().getFirst().getState().getRunning()).isNotNull();
    }

    @Test
    void backoffDoublesUpToFiveMinutes() {
        assertThat(HollowPodLifecycle.backoff(0)).isEqualTo(Duration.ZERO);
        assertThat(HollowPodLifecycle.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(HollowPodLifecycle.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(HollowPodLifecycle.backoff(9)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void goDurations() {
        assertThat(HollowAnnotations.parseGoDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(HollowAnnotations.parseGoDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(HollowAnnotations.parseGoDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(HollowAnnotations.parseGoDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HollowAnnotations.parseGoDuration("2 s")).isNull();
        assertThat(HollowAnnotations.parseGoDuration("abc")).isNull();
    }
}
