package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler placing pods on three hollow nodes (2 cpu, 4Gi each), checked with the real kubectl. */
class SchedulerTest {

    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        // The preemption test sets spec.priority itself, which the Priority admission refuses (as
        // upstream); it stays off until this build serves PriorityClasses to name instead.
        cluster = TestCluster.startHollow(3, "2", "4Gi", dev.kube4j.apiserver.admission.AdmissionOptions.defaults().withDisabled("Priority"),
                dev.kube4j.controllers.ControllerOptions.defaults());
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String pod(String ns, String name, String cpu, String extraSpec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s, labels: {app: %s}}
                spec:
                %s
                  containers:
                  - name: c
                    image: nginx:1.23
                    resources: {requests: {cpu: %s}}
                ---
                """.formatted(name, ns, name.replaceAll("-\\d+$", ""), extraSpec.indent(2).stripTrailing(), cpu);
    }

    private static String nodeOf(String ns, String pod) {
        return kubectl.run("get", "pod", pod, "-n", ns, "-o", "jsonpath={.spec.nodeName}").out();
    }

    private static void awaitRunning(String ns, String... pods) {
        for (String p : pods) {
            kubectl.run("wait", "-n", ns, "--for=condition=Ready", "pod/" + p, "--timeout=30s").ok();
        }
    }

    private static void awaitFailedScheduling(String ns, String pod, String message) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("describe", "pod", pod, "-n", ns).out()).contains("FailedScheduling", message));
    }

    @Test
    void resourcesFitThenInsufficientCpuThenPreemption() {
        kubectl.run("create", "namespace", "fit").ok();
        kubectl.runWithInput(pod("fit", "big-0", "1500m", "") + pod("fit", "big-1", "1500m", "") + pod("fit", "big-2", "1500m", ""),
                "apply", "-f", "-").ok();
        awaitRunning("fit", "big-0", "big-1", "big-2");
        Set<String> used = List.of("big-0", "big-1", "big-2").stream().map(p -> nodeOf("fit", p)).collect(Collectors.toSet());
        assertThat(used).hasSize(3);
        assertThat(kubectl.run("describe", "pod", "big-0", "-n", "fit").ok().out())
                .contains("Scheduled", "Successfully assigned fit/big-0 to hollow-node-");

        kubectl.runWithInput(pod("fit", "late", "1500m", ""), "apply", "-f", "-").ok();
        awaitFailedScheduling("fit", "late", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "3 No preemption victims found for incoming pod.");
        assertThat(kubectl.run("get", "pod", "late", "-n", "fit").ok().out()).contains("Pending");

        // A higher-priority pod evicts one of the others and takes its place.
        kubectl.runWithInput(pod("fit", "urgent", "1500m", "priority: 1000"), "apply", "-f", "-").ok();
        awaitRunning("fit", "urgent");
        long left = List.of("big-0", "big-1", "big-2").stream()
                .filter(p -> kubectl.run("get", "pod", p, "-n", "fit").exitCode() == 0).count();
        assertThat(left).isEqualTo(2);
        kubectl.run("delete", "namespace", "fit", "--wait=false").ok();
    }

    @Test
    void dedicatedNodeWithTaintTolerationAndNodeSelector() {
        kubectl.run("create", "namespace", "dedicated").ok();
        kubectl.run("taint", "nodes", "hollow-node-0", "dedicated=gpu:NoSchedule").ok();
        kubectl.run("label", "nodes", "hollow-node-0", "dedicated=gpu").ok();
        try {
            String tolerating = """
                    nodeSelector: {dedicated: gpu}
                    tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]""";
            kubectl.runWithInput(pod("dedicated", "gpu-job", "100m", tolerating)
                    + pod("dedicated", "intruder", "100m", "nodeSelector: {dedicated: gpu}")
                    + pod("dedicated", "plain", "100m", ""), "apply", "-f", "-").ok();
            awaitRunning("dedicated", "gpu-job", "plain");
            assertThat(nodeOf("dedicated", "gpu-job")).isEqualTo("hollow-node-0");
            assertThat(nodeOf("dedicated", "plain")).isNotEqualTo("hollow-node-0");
            awaitFailedScheduling("dedicated", "intruder", "0/3 nodes are available: 1 node(s) had untolerated taint "
                    + "{dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are "
                    + "available: 3 Preemption is not helpful for scheduling.");
        } finally {
            kubectl.run("taint", "nodes", "hollow-node-0", "dedicated=gpu:NoSchedule-").ok();
            kubectl.run("label", "nodes", "hollow-node-0", "dedicated-").ok();
            kubectl.run("delete", "namespace", "dedicated", "--wait=false").ok();
        }
    }

    @Test
    void cordonHostPortsAntiAffinityAndOtherSchedulers() {
        kubectl.run("create", "namespace", "rules").ok();
        kubectl.run("cordon", "hollow-node-1").ok();
        try {
            String antiAffinity = """
                    affinity:
                      podAntiAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                        - labelSelector: {matchLabels: {app: spread}}
                          topologyKey: kubernetes.io/hostname""";
            kubectl.runWithInput(pod("rules", "spread-0", "10m", antiAffinity) + pod("rules", "spread-1", "10m", antiAffinity)
                    + pod("rules", "spread-2", "10m", antiAffinity), "apply", "-f", "-").ok();
            awaitRunning("rules", "spread-0", "spread-1");
            assertThat(nodeOf("rules", "spread-0")).isNotEqualTo(nodeOf("rules", "spread-1"));
            awaitFailedScheduling("rules", "spread-2", "0/3 nodes are available: 1 node(s) were unschedulable, "
                    + "2 node(s) didn't match pod anti-affinity rules.");

            String hostPort = """
                    containers:
                    - name: c
                      image: nginx:1.23
                      ports: [{containerPort: 80, hostPort: 8080}]""";
            String manifest = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: NAME, namespace: rules}
                    spec:
                      nodeName: hollow-node-2
                    """;
            kubectl.runWithInput(manifest.replace("NAME", "port-a").replace("  nodeName: hollow-node-2\n", "  nodeSelector: {kubernetes.io/hostname: hollow-node-2}\n")
                    + hostPort.indent(2) + "---\n"
                    + manifest.replace("NAME", "port-b").replace("  nodeName: hollow-node-2\n", "  nodeSelector: {kubernetes.io/hostname: hollow-node-2}\n")
                    + hostPort.indent(2), "apply", "-f", "-").ok();
            awaitRunning("rules", "port-a");
            awaitFailedScheduling("rules", "port-b", "1 node(s) didn't have free ports for the requested pod ports");

            kubectl.runWithInput(pod("rules", "other", "10m", "schedulerName: my-scheduler"), "apply", "-f", "-").ok();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> nodeOf("rules", "other").isEmpty());
            assertThat(kubectl.run("describe", "pod", "other", "-n", "rules").ok().out()).doesNotContain("FailedScheduling");
        } finally {
            kubectl.run("uncordon", "hollow-node-1").ok();
            kubectl.run("delete", "namespace", "rules", "--wait=false").ok();
        }
    }

    @Test
    void schedulingGatesHoldAPodUntilTheLastIsLifted() {
        kubectl.run("create", "namespace", "gates").ok();
        try {
            kubectl.runWithInput(pod("gates", "gated", "10m", "schedulingGates: [{name: example.com/quota}, {name: example.com/arch}]"),
                    "apply", "-f", "-").ok();
            assertThat(kubectl.run("get", "pod", "gated", "-n", "gates").ok().out()).contains("SchedulingGated");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> nodeOf("gates", "gated").isEmpty());
            assertThat(kubectl.run("get", "pod", "gated", "-n", "gates", "-o",
                    "jsonpath={.status.conditions[?(@.type=='PodScheduled')].reason}").ok().out()).isEqualTo("SchedulingGated");

            // Gates can only be removed once the pod exists.
            assertThat(kubectl.run("patch", "pod", "gated", "-n", "gates", "--type=json",
                    "-p", "[{\"op\":\"add\",\"path\":\"/spec/schedulingGates/-\",\"value\":{\"name\":\"example.com/late\"}}]").err())
                    .contains("spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate "
                            + "'example.com/late'");

            kubectl.run("patch", "pod", "gated", "-n", "gates", "--type=json",
                    "-p", "[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates/0\"}]").ok();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> nodeOf("gates", "gated").isEmpty());

            kubectl.run("patch", "pod", "gated", "-n", "gates", "--type=json",
                    "-p", "[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]").ok();
            awaitRunning("gates", "gated");
            assertThat(nodeOf("gates", "gated")).startsWith("hollow-node-");
            assertThat(kubectl.run("get", "pod", "gated", "-n", "gates").ok().out()).contains("Running").doesNotContain("SchedulingGated");
            assertThat(kubectl.run("get", "pod", "gated", "-n", "gates", "-o",
                    "jsonpath={.status.conditions[?(@.type=='PodScheduled')].status}/{.status.conditions[?(@.type=='PodScheduled')].reason}")
                    .ok().out()).isEqualTo("True/");
        } finally {
            kubectl.run("delete", "namespace", "gates", "--wait=false").ok();
        }
    }
}
