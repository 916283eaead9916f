package dev.kube4j.scheduler.plugins;

import dev.kube4j.controllers.core.ImageNames;
import dev.kube4j.scheduler.cache.ClusterCache;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PluginsTest {

    static Node node(String name, Map<String, String> labels, String cpu) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("4Gi"),
                        "pods", new Quantity("3"))).endStatus().build();
    }

    static Pod pod(String name, String cpu) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec().build();
    }

    static CycleState state(Pod p) {
        return new CycleState(p, new ClusterCache());
    }

    @Test
    void resourcesFitCountsRequestsAndPods() {
        NodeInfo n = new NodeInfo(node("n1", Map.of(), "2"));
        NodeResourcesFit fit = new NodeResourcesFit();
        assertThat(fit.filter(state(pod("a", "1500m")), n).isSuccess()).isTrue();
        n.addPod("default/x", new PodBuilder(pod("x", "1")).editSpec().withNodeName("n1").endSpec().build());
        assertThat(fit.filter(state(pod("a", "1500m")), n)).isEqualTo(Status.unschedulable("Insufficient cpu"));
        assertThat(fit.filter(state(pod("a", "500m")), n).isSuccess()).isTrue();
        n.addPod("default/y", pod("y", "0"));
        n.addPod("default/z", pod("z", "0"));
        assertThat(fit.filter(state(pod("a", "0")), n).reason()).isEqualTo("Too many pods");
        n.removePod("default/x");
        assertThat(n.requested().get("cpu")).isZero();
    }

    @Test
    void resourcesFitChecksExtendedResourcesAndMemory() {
        NodeInfo n = new NodeInfo(node("n1", Map.of(), "2"));
        NodeResourcesFit fit = new NodeResourcesFit();
        Pod gpu = new PodBuilder(pod("g", "100m")).editSpec().editFirstContainer().editResources()
                .addToRequests("example.com/gpu", new Quantity("1")).addToRequests("memory", new Quantity("1Ei"))
                .endResources().endContainer().endSpec().build();
        assertThat(fit.filter(state(gpu), n)).isEqualTo(Status.unschedulable("Insufficient example.com/gpu, Insufficient memory"));
    }

    @Test
    void nodeSelectorTermsAndOperators() {
        Node n = node("n1", Map.of("disk", "ssd", "gen", "5"), "2");
        var in = new NodeSelectorTermBuilder().withMatchExpressions(new NodeSelectorRequirementBuilder()
                .withKey("disk").withOperator("In").withValues("ssd", "nvme").build()).build();
        var gt = new NodeSelectorTermBuilder().withMatchExpressions(new NodeSelectorRequirementBuilder()
                .withKey("gen").withOperator("Gt").withValues("4").build()).build();
        var notExists = new NodeSelectorTermBuilder().withMatchExpressions(new NodeSelectorRequirementBuilder()
                .withKey("disk").withOperator("DoesNotExist").build()).build();
        var byName = new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
                .withKey("metadata.name").withOperator("In").withValues("n1").build()).build();
        assertThat(Matching.matchesTerm(in, n)).isTrue();
        assertThat(Matching.matchesTerm(gt, n)).isTrue();
        assertThat(Matching.matchesTerm(notExists, n)).isFalse();
        assertThat(Matching.matchesTerm(byName, n)).isTrue();
        assertThat(Matching.matchesAnyTerm(java.util.List.of(notExists, in), n)).isTrue();
        assertThat(Matching.matchesTerm(new NodeSelectorTermBuilder().build(), n)).isFalse();
    }

    @Test
    void tolerations() {
        Taint gpu = new Taint("NoSchedule", "dedicated", null, "gpu");
        assertThat(Matching.tolerates(new Toleration("NoSchedule", "dedicated", "Equal", null, "gpu"), gpu)).isTrue();
        assertThat(Matching.tolerates(new Toleration("NoSchedule", "dedicated", "Equal", null, "cpu"), gpu)).isFalse();
        assertThat(Matching.tolerates(new Toleration(null, "dedicated", "Exists", null, null), gpu)).isTrue();
        assertThat(Matching.tolerates(new Toleration(null, null, "Exists", null, null), gpu)).isTrue();
        assertThat(Matching.tolerates(new Toleration("NoExecute", "dedicated", "Exists", null, null), gpu)).isFalse();

        NodeInfo tainted = new NodeInfo(new NodeBuilder(node("n1", Map.of(), "2")).editSpec().withTaints(gpu).endSpec().build());
        assertThat(new TaintToleration().filter(state(pod("a", "0")), tainted).reason())
                .isEqualTo("node(s) had untolerated taint {dedicated: gpu}");
    }

    @Test
    void imageLocalityWeighsTheImageBySizeAndByHowFewNodesHaveIt() {
        ClusterCache cluster = new ClusterCache();
        long mib = 1024 * 1024;
        for (String name : new String[]{"n1", "n2", "n3", "n4"}) {
            NodeBuilder b = new NodeBuilder(node(name, Map.of(), "2"));
            if (!name.equals("n4")) { // 523 MiB of nginx on three of the four nodes
                b.editStatus().addNewImage().withNames("docker.io/library/nginx:latest").withSizeBytes(523 * mib).endImage().endStatus();
            }
            cluster.upsertNode(b.build());
        }
        CycleState state = new CycleState(pod("a", "0"), cluster);
        ImageLocality locality = new ImageLocality();
        // upstream's arithmetic: 523 MiB x 3/4 = 392.25 MiB, between 23 MiB and 1000 MiB for one container
        long expected = (long) (523 * mib * 0.75 - 23 * mib) * 100 / (1000 * mib - 23 * mib);
        assertThat(locality.score(state, cluster.node("n1"))).isEqualTo(expected).isEqualTo(37);
        assertThat(locality.score(state, cluster.node("n4"))).isZero();

        // The share follows nodes as they change and go: n2 loses the image, n3 leaves (1 of 3 nodes).
        cluster.upsertNode(node("n2", Map.of(), "2"));
        cluster.removeNode("n3");
        long oneOfThree = (long) (523 * mib / 3.0 - 23 * mib) * 100 / (1000 * mib - 23 * mib);
        assertThat(locality.score(new CycleState(pod("b", "0"), cluster), cluster.node("n1"))).isEqualTo(oneOfThree).isEqualTo(15);
    }

    /** How ImageLocality compares a node's image name with a pod's. */
    private static boolean sameImage(String nodeImage, String podImage) {
        return ImageNames.normalize(nodeImage).equals(ImageNames.normalize(podImage));
    }

    @Test
    void imageNamesNormalize() {
        assertThat(sameImage("docker.io/library/nginx:1.23", "nginx:1.23")).isTrue();
        assertThat(sameImage("docker.io/library/busybox:latest", "busybox")).isTrue();
        assertThat(sameImage("registry.local:5000/app:1", "registry.local:5000/app:1")).isTrue();
        assertThat(sameImage("docker.io/library/nginx:1.23", "nginx:1.24")).isFalse();
    }

    @Test
    void pluginsWithNothingToCheckOrRankSkipAndOthersRun() {
        Pod plain = pod("a", "100m");
        CycleState st = state(plain);
        VolumeBinding volumes = new VolumeBinding(key -> null, name -> null, cls -> null);
        for (var f : java.util.List.of(new NodeName(), new NodePorts(), new NodeAffinity(), volumes,
                new InterPodAffinity(), new PodTopologySpread())) {
            assertThat(f.preFilter(st)).as(f.name()).isEqualTo(Status.SKIP);
        }
        for (var p : java.util.List.of(new NodeAffinity(), new InterPodAffinity(), new PodTopologySpread())) {
            assertThat(p.preScore(st)).as(p.name()).isEqualTo(Status.SKIP);
        }
        // What every node is ranked by, and filters that look at every node, always run.
        assertThat(new TaintToleration().preScore(st)).isEqualTo(Status.SUCCESS);
        assertThat(new NodeResourcesFit().preFilter(st)).isEqualTo(Status.SUCCESS);

        Pod picky = new PodBuilder(plain).editSpec().withNodeName("n1").withNodeSelector(Map.of("disk", "ssd"))
                .editFirstContainer().addNewPort().withContainerPort(80).withHostPort(8080).endPort().endContainer()
                .withNewAffinity().withNewNodeAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(1).withPreference(new NodeSelectorTermBuilder().build()).endPreferredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity()
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("zone").withWhenUnsatisfiable("DoNotSchedule")
                .endTopologySpreadConstraint().endSpec().build();
        CycleState ps = state(picky);
        for (var f : java.util.List.of(new NodeName(), new NodePorts(), new NodeAffinity(), new PodTopologySpread())) {
            assertThat(f.preFilter(ps)).as(f.name()).isEqualTo(Status.SUCCESS);
        }
        assertThat(new NodeAffinity().preScore(ps)).isEqualTo(Status.SUCCESS);
        // Only hard spread constraints: nothing to rank by.
        assertThat(new PodTopologySpread().preScore(ps)).isEqualTo(Status.SKIP);
        Pod owned = new PodBuilder(plain).editMetadata().addNewOwnerReference().withController(true).withUid("rs-1")
                .withKind("ReplicaSet").withName("rs").withApiVersion("apps/v1").endOwnerReference().endMetadata().build();
        assertThat(new PodTopologySpread().preScore(state(owned))).as("default spreading by controller").isEqualTo(Status.SUCCESS);
    }
}
