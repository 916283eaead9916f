package dev.kube4j.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kubectl autoscale} on a cluster without a resource metrics API (no metrics-server), as on
 * a fresh upstream cluster: the HPA keeps the Deployment within [min, max] and says why it cannot
 * read cpu utilization. Then with one: {@code metrics.k8s.io/v1beta1} served here by a
 * CustomResourceDefinition in metrics-server's shape (hollow pods use no CPU to measure), so the
 * HPA's algorithm and status run on usage the test sets.
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

    @Test
    void autoscaleFollowsTheResourceMetricsApi() throws Exception {
        try (TestCluster cluster = TestCluster.startHollow(2, "4", "8Gi")) {
            Kubectl kubectl = cluster.kubectl();
            kubectl.runWithInput("""
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: pods.metrics.k8s.io}
                    spec:
                      group: metrics.k8s.io
                      scope: Namespaced
                      names: {plural: pods, singular: pod, kind: PodMetrics, listKind: PodMetricsList}
                      versions:
                      - name: v1beta1
                        served: true
                        storage: true
                        schema:
                          openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                    """, "apply", "-f", "-").ok();
            kubectl.run("wait", "--for=condition=Established", "crd/pods.metrics.k8s.io", "--timeout=20s").ok();
            kubectl.run("create", "deployment", "web", "--image=nginx:1.23", "--replicas=2").ok();
            kubectl.run("set", "resources", "deployment", "web", "--requests=cpu=100m").ok();
            kubectl.run("rollout", "status", "deployment/web", "--timeout=30s").ok();
            // Each pod uses 150m of its 100m request: 150 % against a 50 % target asks for 2 x 3 = 6 pods, capped at 5.
            for (String pod : kubectl.run("get", "pods", "-l", "app=web", "-o", "name").ok().out().lines().toList()) {
                String name = pod.substring("pod/".length());
                kubectl.runWithInput("""
                        apiVersion: metrics.k8s.io/v1beta1
                        kind: PodMetrics
                        metadata: {name: %s, labels: {app: web}}
                        timestamp: "2026-01-01T00:00:00Z"
                        window: 15s
                        containers: [{name: nginx, usage: {cpu: 150m, memory: 20Mi}}]
                        """.formatted(name), "create", "-f", "-").ok();
            }
            kubectl.run("autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=50").ok();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(kubectl.run("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("5"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(kubectl.run("get", "hpa", "web").ok().out()).contains("150%/50%");
                assertThat(kubectl.run("describe", "hpa", "web").ok().out()).contains("ValidMetricFound", "TooManyReplicas",
                        "New size: 5; reason: cpu resource utilization (percentage of request) above target");
            });
        }
    }
}
