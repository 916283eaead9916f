package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cluster IPs, node ports and the kubernetes service, driven with the real kubectl as a user
 * would, against a server with the default --service-cidr 10.43.0.0/16.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAllocationTest {

    private TestCluster cluster;
    private Kubectl kubectl;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.DEFAULT), "kubectl is not installed");
        cluster = TestCluster.start();
        kubectl = cluster.kubectl();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String jsonpath(String resource, String name, String path) {
        return kubectl.run("get", resource, name, "-o", "jsonpath={" + path + "}").ok().out().strip();
    }

    @Test
    void theKubernetesServiceHoldsTheFirstAddressAndComesBackWhenDeleted() {
        assertThat(kubectl.run("get", "svc", "kubernetes").ok().out())
                .containsPattern("kubernetes\\s+ClusterIP\\s+10\\.43\\.0\\.1\\s+<none>\\s+443/TCP");
        assertThat(jsonpath("svc", "kubernetes", ".spec.ports[0].targetPort")).isEqualTo(Integer.toString(cluster.server().port()));
        assertThat(jsonpath("svc", "kubernetes", ".metadata.labels.component")).isEqualTo("apiserver");
        kubectl.run("delete", "svc", "kubernetes").ok();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(kubectl.run("get", "svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}").out()).isEqualTo("10.43.0.1"));
    }

    @Test
    void theKubernetesEndpointsPointAtTheServer() {
        var endpoints = kubectl.run("get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].ports[0].port}");
        // A host with no address but loopback has nothing endpoints may hold (as upstream).
        assumeTrue(endpoints.exitCode() == 0, "no advertisable address on this host");
        assertThat(endpoints.out()).isEqualTo(Integer.toString(cluster.server().port()));
        assertThat(jsonpath("endpointslice", "kubernetes", ".ports[0].port")).isEqualTo(Integer.toString(cluster.server().port()));
    }

    @Test
    void aRequestedNodePortIsRefusedTheSecondTimeAndFreedByDelete() {
        kubectl.run("create", "service", "nodeport", "np-a", "--tcp=80:80", "--node-port=30080").ok();
        assertThat(jsonpath("svc", "np-a", ".spec.ports[0].nodePort")).isEqualTo("30080");
        assertThat(jsonpath("svc", "np-a", ".spec.clusterIP")).startsWith("10.43.");
        var second = kubectl.run("create", "service", "nodeport", "np-b", "--tcp=80:80", "--node-port=30080");
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.err()).isEqualTo("error: failed to create NodePort service: Service \"np-b\" is invalid: "
                + "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n");
        var outOfRange = kubectl.run("create", "service", "nodeport", "np-c", "--tcp=80:80", "--node-port=8080");
        assertThat(outOfRange.err()).contains(
                "spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767");
        kubectl.run("delete", "svc", "np-a").ok();
        kubectl.run("create", "service", "nodeport", "np-b", "--tcp=80:80", "--node-port=30080").ok();
        assertThat(jsonpath("svc", "np-b", ".spec.ports[0].nodePort")).isEqualTo("30080");
    }

    @Test
    void dynamicNodePortsAreDistinctAndChangingTheTypeReleasesThem() {
        kubectl.run("create", "service", "nodeport", "dyn-a", "--tcp=80:80").ok();
        kubectl.run("create", "service", "nodeport", "dyn-b", "--tcp=80:80").ok();
        String a = jsonpath("svc", "dyn-a", ".spec.ports[0].nodePort");
        String b = jsonpath("svc", "dyn-b", ".spec.ports[0].nodePort");
        assertThat(Integer.parseInt(a)).isBetween(30000, 32767);
        assertThat(a).isNotEqualTo(b);
        kubectl.run("patch", "svc", "dyn-a", "-p", "{\"spec\":{\"type\":\"ClusterIP\",\"externalTrafficPolicy\":null}}").ok();
        assertThat(jsonpath("svc", "dyn-a", ".spec.ports[0].nodePort")).isEmpty();
        // The port is free again.
        kubectl.run("create", "service", "nodeport", "dyn-c", "--tcp=80:80", "--node-port=" + a).ok();
    }

    @Test
    void requestedClusterIPsAreHonouredOnceAndCheckedAgainstTheRange() {
        kubectl.run("create", "service", "clusterip", "fixed", "--clusterip=10.43.0.50", "--tcp=80:80").ok();
        assertThat(jsonpath("svc", "fixed", ".spec.clusterIP")).isEqualTo("10.43.0.50");
        var taken = kubectl.run("create", "service", "clusterip", "fixed2", "--clusterip=10.43.0.50", "--tcp=80:80");
        assertThat(taken.err()).isEqualTo("error: failed to create ClusterIP service: Service \"fixed2\" is invalid: "
                + "spec.clusterIPs: Invalid value: []string{\"10.43.0.50\"}: failed to allocate IP 10.43.0.50: provided IP is already allocated\n");
        var outside = kubectl.run("create", "service", "clusterip", "outside", "--clusterip=1.1.1.1", "--tcp=80:80");
        assertThat(outside.err()).contains("failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. "
                + "The range of valid IPs is 10.43.0.0/16");
    }

    @Test
    void exposeHeadlessAndDryRun() {
        kubectl.run("create", "deployment", "web", "--image=nginx").ok();
        kubectl.run("expose", "deployment", "web", "--port=80").ok();
        assertThat(jsonpath("svc", "web", ".spec.clusterIP")).startsWith("10.43.");
        kubectl.run("create", "service", "clusterip", "db", "--clusterip=None", "--tcp=5432:5432").ok();
        assertThat(kubectl.run("get", "svc", "db").ok().out()).containsPattern("db\\s+ClusterIP\\s+None\\s+");
        String dry = kubectl.run("create", "service", "nodeport", "dry", "--tcp=80:80", "--node-port=30099", "--dry-run=server",
                "-o", "jsonpath={.spec.ports[0].nodePort}").ok().out();
        assertThat(dry).isEqualTo("30099");
        // The dry run kept nothing: the port is still free.
        kubectl.run("create", "service", "nodeport", "real", "--tcp=80:80", "--node-port=30099").ok();
    }

    @Test
    void allocationsSurviveARestart() throws Exception {
        kubectl.run("create", "service", "nodeport", "keep", "--tcp=80:80", "--node-port=30200").ok();
        String ip = jsonpath("svc", "keep", ".spec.clusterIP");
        cluster.restart();
        assertThat(jsonpath("svc", "keep", ".spec.clusterIP")).isEqualTo(ip);
        assertThat(kubectl.run("create", "service", "nodeport", "keep2", "--tcp=80:80", "--node-port=30200").err())
                .contains("provided port is already allocated");
        assertThat(kubectl.run("create", "service", "clusterip", "keep3", "--clusterip=" + ip, "--tcp=80:80").err())
                .contains("provided IP is already allocated");
        assertThat(jsonpath("svc", "kubernetes", ".spec.clusterIP")).isEqualTo("10.43.0.1");
    }

    @Test
    void aTinyServiceCidrFillsUpWithUpstreamsError() throws Exception {
        try (TestCluster tiny = TestCluster.start(o -> o.withServiceCidr("10.43.0.0/29"))) {
            Kubectl k = tiny.kubectl();
            // /29: six addresses, the first is the kubernetes service's.
            for (int i = 0; i < 5; i++) {
                k.run("create", "service", "clusterip", "s" + i, "--tcp=80:80").ok();
            }
            var full = k.run("create", "service", "clusterip", "s5", "--tcp=80:80");
            assertThat(full.exitCode()).isNotZero();
            assertThat(full.err()).contains("Internal error occurred: failed to allocate a serviceIP: range is full");
            k.run("delete", "svc", "s2").ok();
            k.run("create", "service", "clusterip", "s5", "--tcp=80:80").ok();
        }
    }
}
