package dev.kube4j.controllers.daemon;

import dev.kube4j.controllers.daemon.DaemonPlan.DaemonPod;
import dev.kube4j.controllers.daemon.DaemonPlan.NodeState;
import dev.kube4j.controllers.daemon.DaemonPods.Eligibility;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonPlanTest {

    private static final Eligibility RUN = new Eligibility(true, true);

    private static Node node(String name, Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec().build();
    }

    private static DaemonPod pod(String name, boolean updated, boolean available) {
        return new DaemonPod(name, "2025-01-01T00:00:0" + name.charAt(name.length() - 1) + "Z", updated, false, false, available, available);
    }

    @Test
    void eligibilitySimulatesNodeAffinityAndTaints() {
        PodSpec plain = new PodSpecBuilder().build();
        assertThat(DaemonPods.eligibility(plain, node("a", Map.of()))).isEqualTo(RUN);
        PodSpec ssd = new PodSpecBuilder().withNodeSelector(Map.of("disk", "ssd")).build();
        assertThat(DaemonPods.eligibility(ssd, node("a", Map.of()))).isEqualTo(new Eligibility(false, false));
        assertThat(DaemonPods.eligibility(ssd, node("a", Map.of("disk", "ssd")))).isEqualTo(RUN);
        // NoSchedule: no new pod, but one already there may stay; NoExecute: neither.
        assertThat(DaemonPods.eligibility(plain, node("a", Map.of(), new Taint("NoSchedule", "gpu", null, "true"))))
                .isEqualTo(new Eligibility(false, true));
        assertThat(DaemonPods.eligibility(plain, node("a", Map.of(), new Taint("NoExecute", "gpu", null, "true"))))
                .isEqualTo(new Eligibility(false, false));
        // Cordoned and not-ready nodes are tolerated by every daemon pod.
        assertThat(DaemonPods.eligibility(plain, node("a", Map.of(), new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null),
                new Taint("NoExecute", "node.kubernetes.io/not-ready", null, null)))).isEqualTo(RUN);
        PodSpec tolerant = new PodSpecBuilder().withTolerations(new Toleration("NoSchedule", "gpu", "Exists", null, null)).build();
        assertThat(DaemonPods.eligibility(tolerant, node("a", Map.of(), new Taint("NoSchedule", "gpu", null, "true")))).isEqualTo(RUN);
    }

    @Test
    void daemonTolerationsAndPinnedAffinityAreUpstreams() {
        PodSpec host = new PodSpecBuilder().withHostNetwork(true).build();
        assertThat(DaemonPods.withDaemonTolerations(host)).extracting(Toleration::getKey).containsExactly(
                "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure",
                "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable",
                "node.kubernetes.io/network-unavailable");
        assertThat(DaemonPods.withDaemonTolerations(host).getFirst().getTolerationSeconds()).isNull();
        var affinity = DaemonPods.pinnedTo(null, "n1");
        var term = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().getFirst();
        assertThat(term.getMatchFields().getFirst().getKey()).isEqualTo("metadata.name");
        assertThat(term.getMatchFields().getFirst().getValues()).containsExactly("n1");
    }

    @Test
    void createsWhereMissingRemovesDuplicatesAndMisscheduled() {
        List<NodeState> nodes = List.of(
                new NodeState("a", RUN, List.of()),
                new NodeState("b", RUN, List.of(pod("b1", true, true), pod("b2", true, true))),
                new NodeState("c", new Eligibility(false, false), List.of(pod("c1", true, true))));
        DaemonPlan.Result r = DaemonPlan.plan(nodes, List.of(), false, 0, 1);
        assertThat(r.createOn()).containsExactly("a");
        assertThat(r.delete()).containsExactly("b2", "c1");
        assertThat(DaemonPlan.status(nodes)).isEqualTo(new DaemonPlan.Status(2, 1, 1, 1, 1, 1));
    }

    @Test
    void rollingUpdateWithMaxUnavailableDeletesOldPodsWithinBudget() {
        List<NodeState> nodes = List.of(
                new NodeState("a", RUN, List.of(pod("a1", false, true))),
                new NodeState("b", RUN, List.of(pod("b1", false, true))),
                new NodeState("c", RUN, List.of(pod("c1", false, false))));
        // c1 is unavailable anyway: replacing it is free; the budget of 2 leaves room for one more.
        assertThat(DaemonPlan.plan(nodes, List.of(), true, 0, 2).delete()).containsExactly("c1", "a1");
        assertThat(DaemonPlan.plan(nodes, List.of(), true, 0, 1).delete()).containsExactly("c1");
    }

    @Test
    void rollingUpdateWithMaxSurgeCreatesFirstAndDeletesTheOldPodOnceTheNewOneIsAvailable() {
        List<NodeState> nodes = List.of(
                new NodeState("a", RUN, List.of(pod("a1", false, true))),
                new NodeState("b", RUN, List.of(pod("b1", false, true))),
                new NodeState("c", RUN, List.of(pod("c1", false, true), pod("c2", true, true))));
        DaemonPlan.Result r = DaemonPlan.plan(nodes, List.of(), true, 1, 0);
        assertThat(r.delete()).containsExactly("c1");
        assertThat(r.createOn()).containsExactly("a");
    }

    @Test
    void percentagesRoundUp() {
        assertThat(DaemonPlan.resolve("25%", 5, 1)).isEqualTo(2);
        assertThat(DaemonPlan.resolve(3, 5, 1)).isEqualTo(3);
        assertThat(DaemonPlan.resolve(null, 5, 1)).isEqualTo(1);
    }
}
