package dev.kube4j.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workload controllers on three hollow nodes, driven by the real kubectl: Deployments (rolling
 * update within the surge, history, undo, restart, pause/resume, scale), a ReplicationController
 * from the seeds, and the garbage collector's background, orphan and foreground cascades.
 */
class DeploymentAcceptanceTest {

    static TestCluster cluster;
    static Kubectl kubectl;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(3, "4", "8Gi");
        kubectl = cluster.kubectl();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig()))).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Pods that count against the surge: not terminating and not finished. */
    private static List<Pod> activePods(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> !"Succeeded".equals(p.getStatus().getPhase()) && !"Failed".equals(p.getStatus().getPhase()))
                .toList();
    }

    private static void awaitRunning(String ns, String app, int count, String image) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace(ns).withLabel("app", app).list().getItems();
            assertThat(pods).hasSize(count);
            assertThat(pods).allSatisfy(p -> {
                assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(image);
            });
        });
    }

    private static void rolloutStatus(String ns, String deployment) {
        assertThat(kubectl.run("rollout", "status", "deployment/" + deployment, "-n", ns, "--timeout=60s").ok().out())
                .contains("successfully rolled out");
    }

    /** A new namespace with an nginx:1.23 Deployment of {@code replicas}, rolled out. */
    private static void rolledOutDeployment(String ns, String name, int replicas) {
        kubectl.run("create", "namespace", ns).ok();
        kubectl.run("create", "deployment", name, "--image=nginx:1.23", "--replicas=" + replicas, "-n", ns).ok();
        rolloutStatus(ns, name);
    }

    private static String image(String ns, String deployment) {
        return kubectl.run("get", "deployment", deployment, "-n", ns,
                "-o", "jsonpath={.spec.template.spec.containers[0].image}").ok().out();
    }

    private static int replicasAsked(String ns, String app) {
        return client.apps().replicaSets().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                .mapToInt(rs -> rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas()).sum();
    }

    private static int replicaSetCount(String ns, String app) {
        return client.apps().replicaSets().inNamespace(ns).withLabel("app", app).list().getItems().size();
    }

    @Test
    void deploymentLifecycle() throws Exception {
        String ns = "roll";
        rolledOutDeployment(ns, "nginx", 3);
        awaitRunning(ns, "nginx", 3, "nginx:1.23");
        assertThat(kubectl.run("get", "deployment", "nginx", "-n", ns).ok().out()).contains("3/3", "3 ");

        // Surge 1, no unavailability: at most 4 replicas asked of the ReplicaSets at any moment of the
        // rollout. maxSurge bounds the ReplicaSets' replicas (upstream's NewRSNewReplicas sums
        // spec.replicas); counting pods would race the ReplicaSet controller, which may not yet have
        // marked the pod an old ReplicaSet just gave up when the new one grows (seen once in CI: 5).
        kubectl.run("patch", "deployment", "nginx", "-n", ns, "-p",
                "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}}}}").ok();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                maxSeen.accumulateAndGet(replicasAsked(ns, "nginx"), Math::max);
            }
        });
        kubectl.run("set", "image", "deployment/nginx", "nginx=nginx:1.24", "-n", ns).ok();
        kubectl.run("annotate", "deployment/nginx", "-n", ns, "kubernetes.io/change-cause=image 1.24").ok();
        rolloutStatus(ns, "nginx");
        watching.set(false);
        watcher.join(5_000);
        awaitRunning(ns, "nginx", 3, "nginx:1.24");
        assertThat(maxSeen.get()).isBetween(3, 4);

        String history = kubectl.run("rollout", "history", "deployment/nginx", "-n", ns).ok().out();
        assertThat(history).contains("REVISION", "CHANGE-CAUSE", "image 1.24");
        assertThat(history.lines().filter(l -> l.matches("^[12]\\s.*"))).hasSize(2);
        assertThat(kubectl.run("rollout", "history", "deployment/nginx", "-n", ns, "--revision=2").ok().out())
                .contains("nginx:1.24");

        kubectl.run("rollout", "undo", "deployment/nginx", "-n", ns).ok();
        rolloutStatus(ns, "nginx");
        assertThat(image(ns, "nginx")).isEqualTo("nginx:1.23");
        awaitRunning(ns, "nginx", 3, "nginx:1.23");
        assertThat(kubectl.run("get", "deployment", "nginx", "-n", ns,
                "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}").ok().out()).isEqualTo("3");

        kubectl.run("rollout", "undo", "deployment/nginx", "-n", ns, "--to-revision=2").ok();
        rolloutStatus(ns, "nginx");
        assertThat(image(ns, "nginx")).isEqualTo("nginx:1.24");

        int before = replicaSetCount(ns, "nginx");
        kubectl.run("rollout", "restart", "deployment/nginx", "-n", ns).ok();
        rolloutStatus(ns, "nginx");
        assertThat(replicaSetCount(ns, "nginx")).isEqualTo(before + 1);

        // Paused: template changes make no new ReplicaSet until resumed.
        kubectl.run("rollout", "pause", "deployment/nginx", "-n", ns).ok();
        int paused = replicaSetCount(ns, "nginx");
        kubectl.run("set", "image", "deployment/nginx", "nginx=nginx:1.25", "-n", ns).ok();
        kubectl.run("set", "env", "deployment/nginx", "MODE=paused", "-n", ns).ok();
        Thread.sleep(1500);
        assertThat(replicaSetCount(ns, "nginx")).isEqualTo(paused);
        assertThat(kubectl.run("get", "deployment", "nginx", "-n", ns,
                "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}").ok().out()).isEqualTo("DeploymentPaused");
        kubectl.run("rollout", "resume", "deployment/nginx", "-n", ns).ok();
        rolloutStatus(ns, "nginx");
        awaitRunning(ns, "nginx", 3, "nginx:1.25");
        assertThat(replicaSetCount(ns, "nginx")).isEqualTo(paused + 1);

        kubectl.run("scale", "deployment/nginx", "--replicas=10", "-n", ns).ok();
        rolloutStatus(ns, "nginx");
        awaitRunning(ns, "nginx", 10, "nginx:1.25");
        kubectl.run("scale", "deployment/nginx", "--replicas=2", "-n", ns).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> activePods(ns, "nginx").size() == 2);
        rolloutStatus(ns, "nginx");

        String conditions = kubectl.run("get", "deployment", "nginx", "-n", ns,
                "-o", "jsonpath={range .status.conditions[*]}{.type}={.reason};{end}").ok().out();
        assertThat(conditions).contains("Available=MinimumReplicasAvailable", "Progressing=NewReplicaSetAvailable");

        // Deleting the Deployment removes its ReplicaSets and their pods (background cascade).
        kubectl.run("delete", "deployment", "nginx", "-n", ns).ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(replicaSetCount(ns, "nginx")).isZero();
            assertThat(client.pods().inNamespace(ns).withLabel("app", "nginx").list().getItems()).isEmpty();
        });
    }

    @Test
    void replicationControllerFromSeed() throws Exception {
        String ns = "rc";
        kubectl.run("create", "namespace", ns).ok();
        Path dir = Seeds.copy("web-rc.yaml");
        kubectl.run("apply", "-f", dir.resolve("web-rc.yaml").toString(), "-n", ns).ok();
        awaitRunning(ns, "myweb", 2, "registry.cn-shanghai.aliyuncs.com/yf_registry/local-cat");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "rc", "myweb", "-n", ns)
                .ok().out()).containsPattern("myweb\\s+2\\s+2\\s+2"));
        // A deleted pod is replaced.
        String victim = activePods(ns, "myweb").getFirst().getMetadata().getName();
        kubectl.run("delete", "pod", victim, "-n", ns).ok();
        awaitRunning(ns, "myweb", 2, "registry.cn-shanghai.aliyuncs.com/yf_registry/local-cat");
        assertThat(activePods(ns, "myweb")).noneMatch(p -> p.getMetadata().getName().equals(victim));

        kubectl.run("delete", "rc", "myweb", "-n", ns).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(ns).withLabel("app", "myweb")
                .list().getItems().isEmpty());
    }

    private static String replicaSet(String name) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: %s}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: adopt}}
                  template:
                    metadata: {labels: {app: adopt}}
                    spec: {containers: [{name: c, image: nginx:1.23}]}
                """.formatted(name);
    }

    @Test
    void aReplicaSetsEventsAreCombinedAndRateLimitedAsClientGoDoes() {
        String ns = "burst";
        rolledOutDeployment(ns, "burst", 30);
        String rs = kubectl.run("get", "rs", "-n", ns, "-o", "jsonpath={.items[0].metadata.name}").ok().out();
        // 30 SuccessfulCreate: 9 on their own, then one combined event counting up to the burst of 25.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> events = kubectl.run("get", "events", "-n", ns, "--field-selector",
                    "involvedObject.kind=ReplicaSet,involvedObject.name=" + rs, "-o",
                    "jsonpath={range .items[*]}{.count} {.message}{\"\\n\"}{end}").ok().out().lines().sorted().toList();
            assertThat(events).hasSize(10);
            assertThat(events.stream().filter(e -> e.startsWith("1 Created pod: " + rs + "-"))).hasSize(9);
            assertThat(events).contains(events.stream().filter(e -> e.startsWith("16 (combined from similar events): Created pod: "))
                    .findFirst().orElse("no combined event with count 16"));
        });
        assertThat(kubectl.run("describe", "rs", rs, "-n", ns).ok().out()).contains("(x16 over", "(combined from similar events)");
    }

    @Test
    void orphanCascadeKeepsPodsForAdoption() {
        String ns = "orphan";
        kubectl.run("create", "namespace", ns).ok();
        kubectl.runWithInput(replicaSet("first"), "apply", "-n", ns, "-f", "-").ok();
        awaitRunning(ns, "adopt", 2, "nginx:1.23");
        List<String> names = activePods(ns, "adopt").stream().map(p -> p.getMetadata().getName()).sorted().toList();

        kubectl.run("delete", "rs", "first", "-n", ns, "--cascade=orphan").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "rs", "first", "-n", ns).exitCode()).isNotZero();
            assertThat(activePods(ns, "adopt")).hasSize(2)
                    .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());
        });

        kubectl.runWithInput(replicaSet("second"), "apply", "-n", ns, "-f", "-").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Pod> pods = activePods(ns, "adopt");
            assertThat(pods.stream().map(p -> p.getMetadata().getName()).sorted().toList()).isEqualTo(names);
            assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getName())
                    .isEqualTo("second"));
        });
        assertThat(kubectl.run("get", "rs", "second", "-n", ns, "-o", "jsonpath={.status.readyReplicas}").ok().out())
                .isEqualTo("2");
    }

    @Test
    void foregroundCascadeDeletesDependentsFirst() {
        String ns = "fg";
        rolledOutDeployment(ns, "fg", 2);
        // kubectl waits until the Deployment is gone, which needs its ReplicaSet and pods gone first.
        kubectl.run("delete", "deployment", "fg", "-n", ns, "--cascade=foreground", "--timeout=60s").ok();
        assertThat(replicaSetCount(ns, "fg")).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods(ns, "fg").isEmpty());
    }

    @Test
    void recreateStopsOldPodsBeforeStartingNewOnes() {
        String ns = "recreate";
        kubectl.run("create", "namespace", ns).ok();
        kubectl.run("create", "deployment", "rc8", "--image=nginx:1.23", "--replicas=3", "-n", ns).ok();
        kubectl.run("patch", "deployment", "rc8", "-n", ns, "-p",
                "{\"spec\":{\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":null}}}").ok();
        rolloutStatus(ns, "rc8");
        AtomicBoolean mixed = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                long images = activePods(ns, "rc8").stream()
                        .map(p -> p.getSpec().getContainers().getFirst().getResources().getLimits()).distinct().count();
                if (images > 1) {
                    mixed.set(true);
                }
            }
        });
        kubectl.run("set", "resources", "deployment/rc8", "-n", ns, "--limits=cpu=200m,memory=256Mi").ok();
        rolloutStatus(ns, "rc8");
        watching.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> activePods(ns, "rc8").size() == 3);
        assertThat(mixed).isFalse();
        assertThat(activePods(ns, "rc8")).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst()
                .getResources().getLimits().get("cpu").toString()).isEqualTo("200m"));
    }
}
