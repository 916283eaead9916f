package dev.kube4j.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controller manager that starts against a cluster already running workloads (a restart, or a
 * new leader) must not act on half-filled caches: its workers wait until the informers have listed
 * everything, so no ReplicaSet sees its pods "missing" and creates (then deletes) extras.
 */
class ControllerRestartTest {

    @Test
    void restartedControllersLeaveRunningWorkloadsAlone() throws Exception {
        try (TestCluster cluster = TestCluster.startHollow(2, "8", "16Gi")) {
            Kubectl kubectl = cluster.kubectl();
            for (String d : List.of("a", "b", "c")) {
                kubectl.run("create", "deployment", d, "--image=nginx:1.23", "--replicas=30").ok();
            }
            for (String d : List.of("a", "b", "c")) {
                kubectl.run("rollout", "status", "deployment/" + d, "--timeout=60s").ok();
            }
            String before = podNames(kubectl);
            assertThat(before.lines()).hasSize(90);
            for (int i = 0; i < 3; i++) {
                cluster.restartControllers();
                Thread.sleep(Duration.ofSeconds(3));
                assertThat(podNames(kubectl)).as("pods after controller restart %d", i + 1).isEqualTo(before);
            }
            assertThat(kubectl.run("get", "events", "--field-selector", "reason=SuccessfulDelete").ok().out())
                    .doesNotContain("Deleted pod");
        }
    }

    private static String podNames(Kubectl kubectl) {
        return kubectl.run("get", "pods", "--no-headers", "-o", "custom-columns=NAME:.metadata.name", "--sort-by=.metadata.name")
                .ok().out();
    }
}
