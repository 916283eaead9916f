package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kubectl cordon}, {@code drain} and {@code uncordon} through the eviction subresource on a
 * hollow cluster: evicted pods are replaced on other nodes by their ReplicaSet; with a
 * PodDisruptionBudget, drain is refused (429) until a replacement is Ready, and retries.
 */
class DrainTest {

    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(3, "4", "8Gi");
        kubectl = cluster.kubectl();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> kubectl.run("get", "serviceaccount", "default").ok());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String nodeOf(String selector) {
        return kubectl.run("get", "pods", "-l", selector, "-o", "jsonpath={.items[0].spec.nodeName}").ok().out();
    }

    private static void awaitReady(String deployment, int replicas) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(kubectl.run("get", "deployment", deployment,
                "-o", "jsonpath={.status.readyReplicas}").ok().out()).isEqualTo(String.valueOf(replicas)));
    }

    @Test
    void drainEvictsAndCordonsThenUncordonReopens() {
        kubectl.run("create", "deployment", "web", "--image=nginx:1.23", "--replicas=2").ok();
        awaitReady("web", 2);
        String node = nodeOf("app=web");
        var drained = kubectl.run("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=60s").ok();
        assertThat(drained.out()).contains("node/" + node + " cordoned", "evicting pod default/web-", "node/" + node + " drained");
        assertThat(kubectl.run("get", "node", node).ok().out()).contains("SchedulingDisabled");
        awaitReady("web", 2);
        assertThat(kubectl.run("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}").ok().out())
                .doesNotContain(node);
        kubectl.run("uncordon", node).ok();
        assertThat(kubectl.run("get", "node", node).ok().out()).doesNotContain("SchedulingDisabled");
    }

    @Test
    void drainWaitsForTheDisruptionBudget() throws Exception {
        Assumptions.assumeTrue(kubectl.run("api-resources", "--api-group=policy").out().contains("poddisruptionbudgets"),
                "this build serves no PodDisruptionBudgets yet");
        // A budget that needs all three replicas: no eviction is allowed until a fourth one is Ready.
        kubectl.run("create", "deployment", "db", "--image=nginx:1.23", "--replicas=3").ok();
        awaitReady("db", 3);
        kubectl.run("create", "poddisruptionbudget", "db", "--selector=app=db", "--min-available=3").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "pdb", "db",
                "-o", "jsonpath={.status.currentHealthy} {.status.disruptionsAllowed}").ok().out()).isEqualTo("3 0"));
        String node = nodeOf("app=db");
        Path out = Files.createTempFile("drain", ".out");
        Path err = Files.createTempFile("drain", ".err");
        Process drain = kubectl.start(out, err, "drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=90s");
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(err))
                    .contains("Cannot evict pod as it would violate the pod's disruption budget."));
            assertThat(drain.isAlive()).isTrue();
            // One more replica makes room for one disruption: drain goes on by itself.
            kubectl.run("scale", "deployment", "db", "--replicas=4").ok();
            assertThat(drain.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(drain.exitValue()).isZero();
            assertThat(Files.readString(out)).contains("node/" + node + " drained");
        } finally {
            if (drain.isAlive()) {
                drain.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            kubectl.run("uncordon", node);
        }
    }
}
