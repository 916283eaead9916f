package dev.kube4j.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kubectl autoscale} on a cluster without a resource metrics API (no metrics-server), as on
 * a fresh upstream cluster: the HPA keeps the Deployment within [min, max] and says why it cannot
 * read cpu utilization.
 */
class AutoscalerTest {

    @Test
    void autoscaleKeepsReplicasWithinBoundsAndReportsMissingMetrics() throws Exception {
        try (TestCluster cluster = TestCluster.startHollow(2, "4", "8Gi")) {
            Kubectl kubectl = cluster.kubectl();
            kubectl.run("create", "deployment", "web", "--image=nginx:1.23", "--replicas=1").ok();
            kubectl.run("set", "resources", "deployment", "web", "--requests=cpu=100m").ok();
            kubectl.run("autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=80").ok();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(kubectl.run("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("2"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String describe = kubectl.run("describe", "hpa", "web").ok().out();
                assertThat(describe).contains("ScalingActive", "FailedGetResourceMetric", "SuccessfulRescale",
                        "New size: 2; reason: Current number of replicas below Spec.MinReplicas");
            });
            assertThat(kubectl.run("get", "hpa", "web").ok().out()).contains("Deployment/web", "2", "5");
        }
    }
}
