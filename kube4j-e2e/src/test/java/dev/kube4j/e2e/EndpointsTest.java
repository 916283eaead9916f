package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Endpoints and EndpointSlices follow the pods a service selects (hollow nodes give them IPs and readiness). */
class EndpointsTest {

    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(2, "4", "8Gi");
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: shop}}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.23
                    ports: [{name: http, containerPort: 8080}]
                ---
                """.formatted(name);
    }

    @Test
    void servicesGetEndpointsAndSlicesOfTheirReadyPods() {
        kubectl.runWithInput(pod("shop-1") + pod("shop-2") + """
                apiVersion: v1
                kind: Service
                metadata: {name: shop}
                spec:
                  selector: {app: shop}
                  ports: [{name: web, port: 80, targetPort: http}]
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Ready", "pod/shop-1", "pod/shop-2", "--timeout=30s").ok();
        String ip1 = kubectl.run("get", "pod", "shop-1", "-o", "jsonpath={.status.podIP}").ok().out();
        String ip2 = kubectl.run("get", "pod", "shop-2", "-o", "jsonpath={.status.podIP}").ok().out();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(kubectl.run("get", "endpoints", "shop").ok().out())
                .contains(ip1 + ":8080", ip2 + ":8080"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(kubectl.run("get", "endpointslices",
                "-l", "kubernetes.io/service-name=shop").ok().out()).contains("IPv4", "8080", ip1));
        assertThat(kubectl.run("describe", "service", "shop").ok().out()).contains("Endpoints:", ip1 + ":8080");

        kubectl.run("delete", "pod", "shop-1", "--timeout=20s").ok();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "endpoints", "shop").ok().out()).contains(ip2 + ":8080").doesNotContain(ip1 + ":");
            assertThat(kubectl.run("get", "endpointslices", "-l", "kubernetes.io/service-name=shop", "-o",
                    "jsonpath={.items[*].endpoints[*].addresses[0]}").ok().out()).isEqualTo(ip2);
        });

        kubectl.run("delete", "service", "shop").ok();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "endpoints", "shop").exitCode()).isNotZero();
            assertThat(kubectl.run("get", "endpointslices", "-l", "kubernetes.io/service-name=shop", "-o", "name").out()).isEmpty();
        });
        // The API server's own service keeps its hand-made endpoints.
        assertThat(kubectl.run("get", "endpoints", "kubernetes").ok().out()).contains("kubernetes");
        kubectl.run("delete", "pod", "shop-2", "--timeout=20s").ok();
    }
}
