package dev.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodDeletionOrderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    /** A pod created {@code ageSeconds} ago; ready since {@code readySeconds} ago when non-negative. */
    private static Pod pod(String name, String node, String phase, long ageSeconds, long readySeconds, int restarts) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp(NOW.minusSeconds(ageSeconds).toString()).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase)
                .addNewContainerStatus().withName("c").withRestartCount(restarts).endContainerStatus()
                .addNewCondition().withType("Ready").withStatus(readySeconds >= 0 ? "True" : "False")
                .withLastTransitionTime(NOW.minusSeconds(Math.max(readySeconds, 0)).toString()).endCondition()
                .endStatus();
        return b.build();
    }

    private static List<String> order(List<Pod> pods) {
        return PodDeletionOrder.podsToDelete(pods, List.of(), pods.size() - 1, NOW).stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void unscheduledThenPendingThenNotReadyGoFirst() {
        Pod ready = pod("ready", "n1", "Running", 100, 100, 0);
        Pod notReady = pod("not-ready", "n1", "Running", 100, -1, 0);
        Pod pending = pod("pending", "n1", "Pending", 100, -1, 0);
        Pod unscheduled = pod("unscheduled", null, "Pending", 100, -1, 0);
        assertThat(order(List.of(ready, notReady, pending, unscheduled)))
                .containsExactly("unscheduled", "pending", "not-ready");
    }

    @Test
    void lowerDeletionCostThenCrowdedNodesFirst() {
        Pod cheap = pod("cheap", "n1", "Running", 100, 100, 0);
        cheap.getMetadata().setAnnotations(Map.of(PodDeletionOrder.DELETION_COST, "-5"));
        Pod alone = pod("alone", "n2", "Running", 100, 100, 0);
        Pod crowded = pod("crowded", "n1", "Running", 100, 100, 0);
        List<Pod> pods = List.of(alone, crowded, cheap);
        List<String> victims = PodDeletionOrder.podsToDelete(pods, pods, 2, NOW).stream()
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(victims).containsExactly("cheap", "crowded");
    }

    @Test
    void recentlyReadyThenMoreRestartsThenNewerFirst() {
        Pod longReady = pod("long-ready", "n1", "Running", 10_000, 5_000, 0);
        Pod justReady = pod("just-ready", "n1", "Running", 10_000, 2, 0);
        assertThat(order(List.of(longReady, justReady))).containsExactly("just-ready");

        Pod restarted = pod("restarted", "n1", "Running", 100, 50, 3);
        Pod steady = pod("steady", "n1", "Running", 100, 50, 0);
        assertThat(order(List.of(steady, restarted))).containsExactly("restarted");

        Pod old = pod("old", "n1", "Pending", 10_000, -1, 0);
        Pod young = pod("young", "n1", "Pending", 10, -1, 0);
        assertThat(order(List.of(old, young))).containsExactly("young");
    }

    @Test
    void agesInTheSamePowerOfTwoBucketCompareByUid() {
        // 40 s and 50 s ago are both in [2^35, 2^36) ns: logarithmic scale-down treats them alike.
        Pod a = pod("a", "n1", "Pending", 40, -1, 0);
        Pod b = pod("b", "n1", "Pending", 50, -1, 0);
        assertThat(order(List.of(b, a))).containsExactly("a");
        assertThat(PodDeletionOrder.logRank(NOW.minusSeconds(40), NOW)).isEqualTo(PodDeletionOrder.logRank(NOW.minusSeconds(50), NOW));
    }
}
