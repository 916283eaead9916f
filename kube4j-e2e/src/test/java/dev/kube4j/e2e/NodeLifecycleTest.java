package dev.kube4j.e2e;

import dev.kube4j.apiserver.admission.AdmissionOptions;
import dev.kube4j.controllers.ControllerOptions;
import dev.kube4j.controllers.nodelifecycle.NodeLifecycleOptions;
import dev.kube4j.node.hollow.HollowAnnotations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hollow node that stops: it goes Unknown after the grace period, gets the unreachable taints,
 * its pods are evicted when their default tolerations (added by admission) run out, and it comes
 * back clean. Short timings through upstream's own settings.
 */
class NodeLifecycleTest {

    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(2, "4", "8Gi", new AdmissionOptions(3, 3),
                new ControllerOptions(new NodeLifecycleOptions(Duration.ofSeconds(4), Duration.ofSeconds(1))));
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void lostNodeIsTaintedAndItsPodsEvictedAfterTheirTolerations() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: evicted}
                spec:
                  nodeSelector: {kubernetes.io/hostname: hollow-node-1}
                  containers: [{name: c, image: nginx:1.23}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: stays}
                spec:
                  nodeSelector: {kubernetes.io/hostname: hollow-node-1}
                  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}]
                  containers: [{name: c, image: nginx:1.23}]
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Ready", "pod/evicted", "pod/stays", "--timeout=30s").ok();
        // Admission added upstream's default tolerations (3 s here).
        assertThat(kubectl.run("get", "pod", "evicted", "-o",
                "jsonpath={.spec.tolerations[?(@.key=='node.kubernetes.io/unreachable')].tolerationSeconds}").ok().out()).isEqualTo("3");

        kubectl.run("annotate", "node", "hollow-node-1", HollowAnnotations.STOPPED + "=true").ok();
        try {
            assertLostAndEvicted();
        } finally {
            kubectl.run("annotate", "node", "hollow-node-1", HollowAnnotations.STOPPED + "-").ok();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "node", "hollow-node-1", "--no-headers").ok().out()).contains(" Ready ");
            assertThat(kubectl.run("get", "node", "hollow-node-1", "-o", "jsonpath={.spec.taints}").ok().out()).isEmpty();
        });
        // Back online, the node finishes the eviction it could not confirm while it was gone.
        await().atMost(Duration.ofSeconds(20)).until(() -> kubectl.run("get", "pod", "evicted").exitCode() != 0);
        kubectl.run("delete", "pod", "stays", "--timeout=20s").ok();
    }

    private static void assertLostAndEvicted() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "node", "hollow-node-1").ok().out()).contains("NotReady"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.run("describe", "node", "hollow-node-1")
                .ok().out()).contains("node.kubernetes.io/unreachable:NoExecute", "Kubelet stopped posting node status.",
                "HolderIdentity:  hollow-node-1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "evicted", "-o",
                "jsonpath={.metadata.deletionTimestamp}").out()).isNotEmpty());
        assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=evicted").ok().out())
                .contains("TaintManagerEviction");
        assertThat(kubectl.run("get", "pod", "stays", "-o", "jsonpath={.metadata.deletionTimestamp}").ok().out()).isEmpty();
        assertThat(kubectl.run("get", "pod", "stays", "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].status}")
                .ok().out()).isEqualTo("False");
    }

    @Test
    void deploymentPodsOfAStoppedNodeAreRecreatedElsewhere() {
        kubectl.run("create", "deployment", "moves", "--image=nginx:1.23", "--replicas=2").ok();
        kubectl.run("rollout", "status", "deployment/moves", "--timeout=30s").ok();
        // Pin the experiment: stop whichever node runs the first pod.
        String first = kubectl.run("get", "pods", "-l", "app=moves", "-o", "jsonpath={.items[0].spec.nodeName}").ok().out();
        String other = first.equals("hollow-node-0") ? "hollow-node-1" : "hollow-node-0";
        kubectl.run("annotate", "node", first, HollowAnnotations.STOPPED + "=true").ok();
        try {
            // Grace period (4 s) + toleration (3 s), then the ReplicaSet replaces the evicted pod on the other node.
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                String pods = kubectl.run("get", "pods", "-l", "app=moves", "-o",
                        "jsonpath={range .items[*]}{.spec.nodeName}/{.metadata.deletionTimestamp}/{.status.phase};{end}").ok().out();
                assertThat(java.util.Arrays.stream(pods.split(";")).filter(e -> e.equals(other + "//Running")).count())
                        .isEqualTo(2);
            });
        } finally {
            kubectl.run("annotate", "node", first, HollowAnnotations.STOPPED + "-").ok();
        }
        kubectl.run("delete", "deployment", "moves").ok();
    }
}
