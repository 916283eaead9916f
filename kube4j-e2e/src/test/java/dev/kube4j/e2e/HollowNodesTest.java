package dev.kube4j.e2e;

import dev.kube4j.node.hollow.HollowAnnotations;
import dev.kube4j.node.hollow.HollowNodeOptions;
import dev.kube4j.node.hollow.HollowNodePool;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Hollow nodes (kubemark's hollow kubelets) seen through the real kubectl. */
class HollowNodesTest {

    static TestCluster cluster;
    static KubernetesClient client;
    static HollowNodePool pool;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig()))).build();
        pool = HollowNodePool.start(client, HollowNodeOptions.of(3).withCapacity("2", "4Gi", 20).withLeaseRenew(Duration.ofSeconds(1)));
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesRegisterReadyWithCapacityLabelsAndLeases() {
        String nodes = kubectl.run("get", "nodes").ok().out();
        assertThat(nodes).contains("NAME", "STATUS", "ROLES", "AGE", "VERSION");
        assertThat(nodes.lines().filter(l -> l.startsWith("hollow-node-"))).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("Ready", "worker", "v1.33.0-kube4j-hollow"));
        assertThat(kubectl.run("get", "node", "hollow-node-1", "-o", "jsonpath={.status.allocatable.cpu} {.status.allocatable.pods} "
                + "{.metadata.labels.kubernetes\\.io/hostname} {.spec.podCIDR}").ok().out())
                .isEqualTo("2 20 hollow-node-1 10.64.1.0/24");
        String first = renewTime("hollow-node-0");
        await().atMost(Duration.ofSeconds(10)).until(() -> !renewTime("hollow-node-0").equals(first));
        assertThat(kubectl.run("describe", "node", "hollow-node-0").ok().out()).contains("kubelet is posting ready status");
    }

    @Test
    void nodeListsTheImagesOfPodsItRan() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: pulls}
                spec:
                  nodeName: hollow-node-2
                  initContainers: [{name: init, image: registry.local:5000/tools/init}]
                  containers: [{name: web, image: httpd:2.4}]
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Ready", "pod/pulls", "--timeout=20s").ok();
        // As a kubelet reports them: digest and normalised tag, with a size (what ImageLocality weighs).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.run("get", "node", "hollow-node-2", "-o",
                "jsonpath={range .status.images[*]}{.names[1]} {.sizeBytes}{\"\\n\"}{end}").ok().out())
                .containsPattern("docker.io/library/httpd:2.4 [1-9][0-9]+")
                .containsPattern("registry.local:5000/tools/init:latest [1-9][0-9]+"));
        assertThat(kubectl.run("get", "node", "hollow-node-2", "-o", "jsonpath={.status.images[*].names[0]}").ok().out())
                .contains("docker.io/library/httpd@sha256:");
        assertThat(kubectl.run("get", "node", "hollow-node-0", "-o", "jsonpath={.status.images}").ok().out()).doesNotContain("httpd");
        kubectl.run("delete", "pod", "pulls", "--timeout=20s").ok();
    }

    @Test
    void boundPodRunsAndDeletesGracefully() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: runs}
                spec:
                  nodeName: hollow-node-1
                  containers: [{name: web, image: nginx:1.23}]
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Ready", "pod/runs", "--timeout=20s").ok();
        String wide = kubectl.run("get", "pod", "runs", "-o", "wide").ok().out();
        assertThat(wide).contains("Running", "hollow-node-1", "10.64.1.");
        // Graceful deletion (30 s by default) completes as soon as the node reports the containers gone.
        kubectl.run("delete", "pod", "runs", "--timeout=20s").ok();
        assertThat(kubectl.run("get", "pod", "runs").exitCode()).isNotZero();
    }

    @Test
    void exitAfterHonoursRestartPolicy() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: finishes
                  annotations: {hollow.kube4j.dev/exit-after: 1s}
                spec:
                  nodeName: hollow-node-0
                  restartPolicy: Never
                  containers: [{name: job, image: busybox}]
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: crashes
                  annotations: {hollow.kube4j.dev/exit-after: 1s, hollow.kube4j.dev/exit-code: "2"}
                spec:
                  nodeName: hollow-node-2
                  containers: [{name: app, image: busybox}]
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/finishes", "--timeout=20s").ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> kubectl.run("get", "pod", "crashes", "-o",
                "jsonpath={.status.containerStatuses[0].state.waiting.reason}").out().equals("CrashLoopBackOff"));
        String row = kubectl.run("get", "pod", "crashes").ok().out();
        assertThat(row).contains("CrashLoopBackOff");
        assertThat(kubectl.run("get", "pod", "crashes", "-o", "jsonpath={.status.containerStatuses[0].restartCount}"
                + " {.status.containerStatuses[0].lastState.terminated.exitCode}").ok().out()).isEqualTo("1 2");
        kubectl.run("delete", "pod", "finishes", "crashes", "--timeout=20s").ok();
    }

    @Test
    void stoppedNodeRenewsNothingUntilTheAnnotationGoes() throws Exception {
        kubectl.run("annotate", "node", "hollow-node-2", HollowAnnotations.STOPPED + "=true").ok();
        Thread.sleep(1_500); // a renewal in flight may still land
        String frozen = renewTime("hollow-node-2");
        Thread.sleep(2_500);
        assertThat(renewTime("hollow-node-2")).isEqualTo(frozen);
        kubectl.run("annotate", "node", "hollow-node-2", HollowAnnotations.STOPPED + "-").ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> !renewTime("hollow-node-2").equals(frozen));
    }

    private static String renewTime(String node) {
        Lease lease = client.leases().inNamespace("kube-node-lease").withName(node).get();
        return lease == null ? "" : String.valueOf(lease.getSpec().getRenewTime());
    }

    @Test
    void serverCommandRunsHollowNodes() throws Exception {
        Path dir = Files.createTempDirectory("kube4j-hollow");
        try (ServerProcess server = new ServerProcess(dir, ServerProcess.freePort()).start("--node", "hollow:2",
                "--disable-controllers")) {
            Kubectl k = new Kubectl(Kubectl.DEFAULT, dir.resolve("kubeconfig"));
            await().atMost(Duration.ofSeconds(30)).until(() -> k.run("get", "nodes", "--no-headers").out().lines()
                    .filter(l -> l.contains(" Ready ")).count() == 2);
        }
    }
}
