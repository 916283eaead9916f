package dev.kube4j.e2e;

import dev.kube4j.apiserver.admission.AdmissionOptions;
import dev.kube4j.controllers.ControllerOptions;
import dev.kube4j.controllers.job.JobBackoff;
import dev.kube4j.node.hollow.HollowNodeOptions;
import dev.kube4j.node.hollow.HollowNodePool;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * StatefulSet, DaemonSet, Job and CronJob controllers on three hollow nodes, driven by the real
 * kubectl. The CronJob is created first and checked last, so waiting for its minute overlaps the
 * other scenarios.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadSetsAndBatchTest {

    static TestCluster cluster;
    static Kubectl kubectl;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(3, "4", "8Gi", AdmissionOptions.defaults(),
                ControllerOptions.defaults().withJobBackoff(new JobBackoff(Duration.ofMillis(500), Duration.ofSeconds(2))));
        kubectl = cluster.kubectl();
        client = cluster.client();
        kubectl.runWithInput("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: every-minute}
                spec:
                  schedule: "*/1 * * * *"
                  jobTemplate:
                    spec:
                      template:
                        metadata:
                          annotations: {hollow.kube4j.dev/exit-after: 1s}
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: c, image: busybox}]
                """, "apply", "-f", "-").ok();
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

    @Test
    @Order(1)
    void seedStatefulSetComesUpInOrderScalesDownFromTheTopAndRollsWithAPartition() throws Exception {
        List<String> added = Collections.synchronizedList(new ArrayList<>());
        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        Set<String> readyWhenAdded = Collections.synchronizedSet(new HashSet<>());
        Set<String> ready = Collections.synchronizedSet(new HashSet<>());
        try (Watch w = client.pods().inNamespace("default").withLabel("app", "nginx").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                switch (action) {
                    case ADDED -> {
                        added.add(name);
                        int ordinal = Integer.parseInt(name.substring("web-".length()));
                        if (ordinal == 0 || ready.contains("web-" + (ordinal - 1))) {
                            readyWhenAdded.add(name);
                        }
                    }
                    case MODIFIED -> {
                        if (pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))) {
                            ready.add(name);
                        }
                    }
                    case DELETED -> deleted.add(name);
                    default -> { }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            Path seed = Seeds.copy("web-sts.yaml");
            kubectl.run("apply", "-f", seed.resolve("web-sts.yaml").toString()).ok();
            kubectl.run("rollout", "status", "sts/web", "--timeout=40s").ok();
            assertThat(added).containsExactly("web-0", "web-1", "web-2");
            assertThat(readyWhenAdded).containsExactlyInAnyOrder("web-0", "web-1", "web-2");
            assertThat(kubectl.run("get", "pod", "web-1", "-o",
                    "jsonpath={.spec.hostname} {.spec.subdomain} {.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} "
                            + "{.metadata.labels.apps\\.kubernetes\\.io/pod-index} {.metadata.ownerReferences[0].kind}").ok().out())
                    .isEqualTo("web-1 nginx web-1 1 StatefulSet");
            assertThat(kubectl.run("get", "sts", "web").ok().out()).contains("3/3");

            kubectl.run("scale", "sts/web", "--replicas=1").ok();
            await().atMost(Duration.ofSeconds(20)).until(() -> deleted.size() >= 2);
            assertThat(deleted).startsWith("web-2", "web-1");

            kubectl.run("scale", "sts/web", "--replicas=3").ok();
            kubectl.run("rollout", "status", "sts/web", "--timeout=30s").ok();
            kubectl.run("patch", "sts/web", "-p", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}").ok();
            kubectl.run("set", "image", "sts/web", "nginx=nginx:1.25").ok();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("rollout", "status", "sts/web",
                    "--watch=false").ok().out()).contains("partitioned roll out complete: 1 new pods have been updated"));
            assertThat(images()).isEqualTo("nginx:1.9.1 nginx:1.9.1 nginx:1.25");

            kubectl.run("patch", "sts/web", "-p", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}").ok();
            kubectl.run("rollout", "status", "sts/web", "--timeout=40s").ok();
            assertThat(images()).isEqualTo("nginx:1.25 nginx:1.25 nginx:1.25");
            assertThat(kubectl.run("rollout", "history", "sts/web").ok().out()).contains("1 ", "2 ");

            kubectl.run("rollout", "undo", "sts/web").ok();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(images()).isEqualTo("nginx:1.9.1 nginx:1.9.1 nginx:1.9.1"));
            assertThat(kubectl.run("get", "controllerrevisions", "-o", "jsonpath={.items[*].revision}").ok().out().split(" "))
                    .containsExactlyInAnyOrder("2", "3");
        }
    }

    private static String images() {
        return kubectl.run("get", "pods", "web-0", "web-1", "web-2", "-o", "jsonpath={.items[*].spec.containers[0].image}").ok().out();
    }

    @Test
    @Order(2)
    void volumeClaimTemplatesGiveEachOrdinalItsClaim() {
        kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: 2
                  podManagementPolicy: Parallel
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers:
                      - name: db
                        image: postgres:16
                        volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                """, "apply", "-f", "-").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "pvc", "-l", "app=db", "-o",
                "jsonpath={.items[*].metadata.name}").ok().out()).isEqualTo("data-db-0 data-db-1"));
        assertThat(kubectl.run("get", "pod", "db-1", "-o", "jsonpath={.spec.volumes[?(@.name=='data')].persistentVolumeClaim.claimName}")
                .ok().out()).isEqualTo("data-db-1");
        // Retain (the default): the claims stay when the set goes.
        kubectl.run("delete", "sts", "db").ok();
        assertThat(kubectl.run("get", "pvc", "data-db-0", "data-db-1", "--no-headers").ok().out().lines()).hasSize(2);
    }

    @Test
    @Order(3)
    void daemonSetRunsOnEveryUntaintedNodeAndOnANodeThatJoins() throws Exception {
        kubectl.run("taint", "node", "hollow-node-2", "dedicated=gpu:NoSchedule").ok();
        kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      containers: [{name: agent, image: fluentd}]
                """, "apply", "-f", "-").ok();
        kubectl.run("rollout", "status", "ds/agent", "--timeout=30s").ok();
        assertThat(nodesOf("app=agent")).isEqualTo("hollow-node-0 hollow-node-1");
        assertThat(kubectl.run("get", "ds", "agent", "-o", "jsonpath={.status.desiredNumberScheduled} {.status.numberReady}")
                .ok().out()).isEqualTo("2 2");
        String pod = kubectl.run("get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[0].metadata.name}").ok().out();
        assertThat(kubectl.run("get", "pod", pod, "-o", "jsonpath={.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms[0].matchFields[0].key} {.spec.tolerations[*].key}").ok().out())
                .startsWith("metadata.name node.kubernetes.io/not-ready node.kubernetes.io/unreachable")
                .contains("node.kubernetes.io/unschedulable");

        try (KubernetesClient extraClient = cluster.client();
             HollowNodePool extra = HollowNodePool.start(extraClient, new HollowNodeOptions(1, "extra-node", "4", "8Gi", 110,
                     Duration.ofSeconds(1), Duration.ofMinutes(5), 4))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(nodesOf("app=agent")).isEqualTo("extra-node-0 hollow-node-0 hollow-node-1"));
            kubectl.run("rollout", "status", "ds/agent", "--timeout=30s").ok();
            // A toleration in the template makes the tainted node eligible too.
            kubectl.run("patch", "ds/agent", "-p", "{\"spec\":{\"template\":{\"spec\":{\"tolerations\":[{\"key\":\"dedicated\","
                    + "\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]}}}}").ok();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(nodesOf("app=agent")).isEqualTo("extra-node-0 hollow-node-0 hollow-node-1 hollow-node-2"));
            kubectl.run("rollout", "status", "ds/agent", "--timeout=40s").ok();
            assertThat(kubectl.run("rollout", "history", "ds/agent").ok().out()).contains("1 ", "2 ");
        } finally {
            // The extra node stops with its pool: take it out so later pods are not scheduled onto it.
            kubectl.run("delete", "node", "extra-node-0", "--wait=false");
            kubectl.run("taint", "node", "hollow-node-2", "dedicated-");
            kubectl.run("delete", "ds", "agent", "--wait=false");
        }
    }

    private static String nodesOf(String selector) {
        List<String> nodes = new ArrayList<>(List.of(kubectl.run("get", "pods", "-l", selector, "--field-selector=status.phase=Running",
                "-o", "jsonpath={.items[*].spec.nodeName}").ok().out().split(" ")));
        Collections.sort(nodes);
        return String.join(" ", nodes);
    }

    @Test
    @Order(4)
    void jobWithCompletionsAndParallelismCompletes() {
        kubectl.runWithInput(job("five", "completions: 5\n  parallelism: 2", "0", "Never"), "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Complete", "job/five", "--timeout=60s").ok();
        assertThat(kubectl.run("get", "job", "five", "--no-headers").ok().out()).contains("Complete", "5/5");
        assertThat(kubectl.run("get", "job", "five", "-o", "jsonpath={.status.succeeded} {.status.conditions[*].type} {.status.active}")
                .ok().out()).isEqualTo("5 SuccessCriteriaMet Complete 0");
        // Every pod was counted and let go: no tracking finalizer is left.
        assertThat(kubectl.run("get", "pods", "-l", "batch.kubernetes.io/job-name=five", "-o", "jsonpath={.items[*].metadata.finalizers}")
                .ok().out()).doesNotContain("job-tracking");
    }

    @Test
    @Order(5)
    void failingJobStopsAtItsBackoffLimitAndAFailJobRuleStopsAtOnce() {
        kubectl.runWithInput(job("failing", "backoffLimit: 2", "1", "Never"), "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Failed", "job/failing", "--timeout=60s").ok();
        assertThat(kubectl.run("get", "job", "failing", "-o",
                "jsonpath={.status.failed} {.status.conditions[?(@.type=='Failed')].reason}").ok().out()).isEqualTo("3 BackoffLimitExceeded");
        assertThat(kubectl.run("get", "job", "failing", "--no-headers").ok().out()).contains("Failed", "0/1");

        kubectl.runWithInput(job("policy", """
                backoffLimit: 6
                  podFailurePolicy:
                    rules:
                    - action: FailJob
                      onExitCodes: {operator: In, values: [42]}""", "42", "Never"), "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Failed", "job/policy", "--timeout=30s").ok();
        assertThat(kubectl.run("get", "job", "policy", "-o", "jsonpath={.status.conditions[?(@.type=='Failed')].message}").ok().out())
                .matches("Container c for pod default/policy-\\w+ failed with exit code 42 matching FailJob rule at index 0");
    }

    @Test
    @Order(6)
    void indexedJobRunsEachIndexOnce() {
        kubectl.runWithInput(job("indexed", "completions: 3\n  parallelism: 3\n  completionMode: Indexed", "0", "Never"),
                "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Complete", "job/indexed", "--timeout=60s").ok();
        assertThat(kubectl.run("get", "job", "indexed", "-o", "jsonpath={.status.completedIndexes}").ok().out()).isEqualTo("0-2");
        assertThat(kubectl.run("get", "pods", "-l", "batch.kubernetes.io/job-completion-index=1,batch.kubernetes.io/job-name=indexed",
                "-o", "jsonpath={.items[0].spec.hostname} {.items[0].spec.containers[0].env[0].name}").ok().out())
                .isEqualTo("indexed-1 JOB_COMPLETION_INDEX");
    }

    @Test
    @Order(6)
    void indexedJobRetriesEachIndexUpToItsOwnLimitAndFailsByFailedIndexes() {
        // Three jobs at once, so their retries overlap.
        kubectl.runWithInput(job("per-index", "completions: 3\n  parallelism: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1",
                "1", "Never"), "apply", "-f", "-").ok();
        kubectl.runWithInput(job("fail-index", """
                completions: 2
                  parallelism: 2
                  completionMode: Indexed
                  backoffLimitPerIndex: 5
                  podFailurePolicy:
                    rules:
                    - action: FailIndex
                      onExitCodes: {operator: In, values: [42]}""", "42", "Never"), "apply", "-f", "-").ok();
        kubectl.runWithInput(job("max-failed", """
                completions: 3
                  parallelism: 1
                  completionMode: Indexed
                  backoffLimitPerIndex: 0
                  maxFailedIndexes: 0""", "1", "Never"), "apply", "-f", "-").ok();
        String outcome = "jsonpath={.status.failedIndexes} {.status.failed} {.status.conditions[?(@.type=='FailureTarget')].reason}"
                + " {.status.conditions[?(@.type=='Failed')].reason}";

        kubectl.run("wait", "--for=condition=Failed", "job/per-index", "--timeout=60s").ok();
        // Each index ran twice (its first pod and one retry), then failed for good.
        assertThat(kubectl.run("get", "job", "per-index", "-o", outcome).ok().out()).isEqualTo("0-2 6 FailedIndexes FailedIndexes");
        String counts = kubectl.run("get", "pods", "-l", "batch.kubernetes.io/job-name=per-index,batch.kubernetes.io/job-completion-index=1",
                "-o", "jsonpath={range .items[*]}{.metadata.annotations.batch\\.kubernetes\\.io/job-index-failure-count}{' '}{end}").ok().out();
        assertThat(counts.trim().split(" ")).containsExactlyInAnyOrder("0", "1");

        kubectl.run("wait", "--for=condition=Failed", "job/fail-index", "--timeout=30s").ok();
        // FailIndex fails the index at its first failure, whatever the limit.
        assertThat(kubectl.run("get", "job", "fail-index", "-o", outcome).ok().out()).isEqualTo("0,1 2 FailedIndexes FailedIndexes");

        kubectl.run("wait", "--for=condition=Failed", "job/max-failed", "--timeout=30s").ok();
        // The first failed index is one too many: indexes 1 and 2 never run.
        assertThat(kubectl.run("get", "job", "max-failed", "-o", outcome).ok().out())
                .isEqualTo("0 1 MaxFailedIndexesExceeded MaxFailedIndexesExceeded");
    }

    @Test
    @Order(6)
    void indexedJobCompletesOnceASuccessPolicyRuleIsMet() {
        kubectl.runWithInput(job("first-two", """
                completions: 5
                  parallelism: 2
                  completionMode: Indexed
                  successPolicy:
                    rules: [{succeededIndexes: "0-1"}]""", "0", "Never"), "apply", "-f", "-").ok();
        kubectl.runWithInput(job("any-two", """
                completions: 5
                  parallelism: 2
                  completionMode: Indexed
                  successPolicy:
                    rules: [{succeededIndexes: "4"}, {succeededCount: 2}]""", "0", "Never"), "apply", "-f", "-").ok();
        String outcome = "jsonpath={.status.conditions[?(@.type=='SuccessCriteriaMet')].reason}"
                + " {.status.conditions[?(@.type=='Complete')].reason} {.status.conditions[?(@.type=='Complete')].message}";

        kubectl.run("wait", "--for=condition=Complete", "job/first-two", "--timeout=30s").ok();
        assertThat(kubectl.run("get", "job", "first-two", "-o", outcome).ok().out())
                .isEqualTo("SuccessPolicy SuccessPolicy Matched rules at index 0");
        // Done before all five indexes ran: at most the index started while the second of 0 and 1 was still running.
        assertThat(kubectl.run("get", "job", "first-two", "-o", "jsonpath={.status.completedIndexes} {.status.active}").ok().out())
                .isIn("0,1 0", "0-2 0");

        kubectl.run("wait", "--for=condition=Complete", "job/any-two", "--timeout=30s").ok();
        assertThat(kubectl.run("get", "job", "any-two", "-o", outcome).ok().out())
                .isEqualTo("SuccessPolicy SuccessPolicy Matched rules at index 1");
    }

    @Test
    @Order(6)
    void jobWithAFailIndexRuleButNoPerIndexLimitIsRejected() {
        var refused = kubectl.runWithInput(job("fail-index-unlimited", """
                podFailurePolicy:
                    rules:
                    - action: FailIndex
                      onExitCodes: {operator: In, values: [42]}""", "42", "Never"), "apply", "-f", "-");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("The Job \"fail-index-unlimited\" is invalid: "
                + "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set");
        assertThat(kubectl.run("get", "job", "fail-index-unlimited").exitCode()).isNotZero();
    }

    private static String job(String name, String spec, String exitCode, String restartPolicy) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s}
                spec:
                  %s
                  template:
                    metadata:
                      annotations: {hollow.kube4j.dev/exit-after: 1s, hollow.kube4j.dev/exit-code: "%s"}
                    spec:
                      restartPolicy: %s
                      containers: [{name: c, image: busybox}]
                """.formatted(name, spec, exitCode, restartPolicy);
    }

    private static final String OWNERS = "jsonpath={range .items[*]}{.metadata.name} {.metadata.uid} {.metadata.ownerReferences[0].uid}{\"\\n\"}{end}";

    @Test
    @Order(8)
    void statefulSetCreatedAgainAdoptsThePodsAndRevisionOfTheOneDeletedWithCascadeOrphan() {
        String manifest = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: keep}
                spec:
                  serviceName: keep
                  replicas: 2
                  podManagementPolicy: Parallel
                  selector: {matchLabels: {app: keep}}
                  template:
                    metadata: {labels: {app: keep}}
                    spec:
                      containers: [{name: c, image: busybox}]
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").ok();
        kubectl.run("rollout", "status", "sts/keep", "--timeout=30s").ok();
        List<String> podUids = uids("pods", "app=keep");
        List<String> revisionUids = uids("controllerrevisions", "app=keep");
        String setUid = createAgainAfterOrphaning("sts/keep", manifest, "app=keep");
        assertThat(uids("controllerrevisions", "app=keep")).hasSize(1).isEqualTo(revisionUids);
        assertThat(controllers("controllerrevisions", "app=keep")).containsExactly(setUid);
        kubectl.run("rollout", "status", "sts/keep", "--timeout=30s").ok();

        // A pod relabelled out of the selector is released; labelled back, it is adopted again.
        kubectl.run("label", "pod", "keep-1", "app=stray", "--overwrite").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "keep-1", "-o",
                "jsonpath={.metadata.ownerReferences}").ok().out()).isEmpty());
        kubectl.run("label", "pod", "keep-1", "app=keep", "--overwrite").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "pod", "keep-1", "-o",
                "jsonpath={.metadata.ownerReferences[0].uid}").ok().out()).isEqualTo(setUid));
        assertThat(uids("pods", "app=keep")).isEqualTo(podUids);
        kubectl.run("delete", "sts", "keep", "--wait=false").ok();
    }

    @Test
    @Order(9)
    void daemonSetCreatedAgainAdoptsItsPodsAndReplacesOneRelabelledAway() {
        String manifest = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: keeper}
                spec:
                  selector: {matchLabels: {app: keeper}}
                  template:
                    metadata: {labels: {app: keeper}}
                    spec:
                      containers: [{name: c, image: fluentd}]
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").ok();
        kubectl.run("rollout", "status", "ds/keeper", "--timeout=30s").ok();
        List<String> podUids = uids("pods", "app=keeper");
        createAgainAfterOrphaning("ds/keeper", manifest, "app=keeper");
        kubectl.run("rollout", "status", "ds/keeper", "--timeout=30s").ok();

        String stray = kubectl.run("get", "pods", "-l", "app=keeper", "-o", "jsonpath={.items[0].metadata.name}").ok().out();
        String strayUid = kubectl.run("get", "pod", stray, "-o", "jsonpath={.metadata.uid}").ok().out();
        kubectl.run("label", "pod", stray, "app=stray", "--overwrite").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "pod", stray, "-o", "jsonpath={.metadata.ownerReferences}").ok().out()).isEmpty();
            assertThat(uids("pods", "app=keeper")).hasSize(podUids.size()).doesNotContain(strayUid);
        });
        kubectl.run("rollout", "status", "ds/keeper", "--timeout=30s").ok();
        kubectl.run("delete", "ds", "keeper", "--wait=false").ok();
        kubectl.run("delete", "pod", stray, "--wait=false").ok();
    }

    @Test
    @Order(9)
    void jobWithAManualSelectorAdoptsTheRunningOrphansItMatches() {
        String orphan = """
                apiVersion: v1
                kind: Pod
                metadata: {name: NAME, labels: {app: adoptme}}
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox}]
                ---
                """;
        kubectl.runWithInput(orphan.replace("NAME", "orphan-a") + orphan.replace("NAME", "orphan-b"), "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Ready", "pod/orphan-a", "pod/orphan-b", "--timeout=30s").ok();
        List<String> podUids = uids("pods", "app=adoptme");
        kubectl.runWithInput("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: adopter}
                spec:
                  manualSelector: true
                  selector: {matchLabels: {app: adoptme}}
                  completions: 2
                  parallelism: 2
                  template:
                    metadata: {labels: {app: adoptme}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox}]
                """, "apply", "-f", "-").ok();
        String jobUid = kubectl.run("get", "job", "adopter", "-o", "jsonpath={.metadata.uid}").ok().out();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(controllers("pods", "app=adoptme")).containsExactly(jobUid, jobUid);
            assertThat(kubectl.run("get", "job", "adopter", "-o", "jsonpath={.status.active}").ok().out()).isEqualTo("2");
        });
        // The two it adopted are the job's pods: it made none of its own.
        assertThat(uids("pods", "app=adoptme")).isEqualTo(podUids);
        assertThat(kubectl.run("get", "pod", "orphan-a", "-o", "jsonpath={.metadata.finalizers}").ok().out())
                .contains("batch.kubernetes.io/job-tracking");
        kubectl.run("delete", "job", "adopter", "--wait=false").ok();
    }

    @Test
    @Order(10)
    void parallelStatefulSetWithMaxUnavailableTwoReplacesTwoPodsAtATime() throws Exception {
        kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: fast}
                spec:
                  serviceName: fast
                  replicas: 4
                  podManagementPolicy: Parallel
                  updateStrategy:
                    type: RollingUpdate
                    rollingUpdate: {maxUnavailable: 2}
                  selector: {matchLabels: {app: fast}}
                  template:
                    metadata: {labels: {app: fast}}
                    spec:
                      containers: [{name: c, image: busybox}]
                """, "apply", "-f", "-").ok();
        kubectl.run("rollout", "status", "sts/fast", "--timeout=30s").ok();
        // A pod is down from its deletion until its replacement is Ready: at most (and, here, exactly) two at once.
        Set<String> down = Collections.synchronizedSet(new HashSet<>());
        List<Integer> downCounts = Collections.synchronizedList(new ArrayList<>());
        try (Watch w = client.pods().inNamespace("default").withLabel("app", "fast").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                        .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
                if (action == Action.DELETED || pod.getMetadata().getDeletionTimestamp() != null) {
                    down.add(name);
                } else if (ready) {
                    down.remove(name);
                }
                downCounts.add(down.size());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            kubectl.run("set", "image", "sts/fast", "c=busybox:1.36").ok();
            kubectl.run("rollout", "status", "sts/fast", "--timeout=60s").ok();
        }
        assertThat(kubectl.run("get", "pods", "-l", "app=fast", "-o", "jsonpath={.items[*].spec.containers[0].image}").ok().out())
                .isEqualTo("busybox:1.36 busybox:1.36 busybox:1.36 busybox:1.36");
        assertThat(Collections.max(downCounts)).isEqualTo(2);
        kubectl.run("delete", "sts", "fast", "--wait=false").ok();
    }

    /**
     * Deletes the rolled-out workload with {@code --cascade=orphan}, checks its pods stay without
     * an owner, creates it again and waits until the same pods (no new ones) are controlled by the
     * new object; returns its uid.
     */
    private static String createAgainAfterOrphaning(String workload, String manifest, String podSelector) {
        List<String> podUids = uids("pods", podSelector);
        assertThat(podUids).isNotEmpty();
        kubectl.run("delete", workload, "--cascade=orphan").ok();
        assertThat(controllers("pods", podSelector)).hasSize(podUids.size()).containsOnly("");

        kubectl.runWithInput(manifest, "apply", "-f", "-").ok();
        String uid = kubectl.run("get", workload, "-o", "jsonpath={.metadata.uid}").ok().out();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(controllers("pods", podSelector))
                .hasSize(podUids.size()).containsOnly(uid));
        assertThat(uids("pods", podSelector)).isEqualTo(podUids);
        return uid;
    }

    /** The uids of the objects the selector matches, by name. */
    private static List<String> uids(String resource, String selector) {
        return kubectl.run("get", resource, "-l", selector, "-o", OWNERS).ok().out().lines().sorted().map(l -> l.split(" ")[1]).toList();
    }

    /** The controller uids of the objects the selector matches, by name ("" for none). */
    private static List<String> controllers(String resource, String selector) {
        return kubectl.run("get", resource, "-l", selector, "-o", OWNERS).ok().out().lines().sorted()
                .map(l -> l.split(" ").length > 2 ? l.split(" ")[2] : "").toList();
    }

    @Test
    @Order(20)
    void cronJobCreatesJobsOnScheduleAndOnDemand() {
        kubectl.run("create", "job", "manual", "--from=cronjob/every-minute").ok();
        kubectl.run("wait", "--for=condition=Complete", "job/manual", "--timeout=30s").ok();
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(kubectl.run("get", "cronjob", "every-minute", "-o", "jsonpath={.status.lastScheduleTime}").ok().out()).isNotEmpty());
        String scheduled = kubectl.run("get", "cronjob", "every-minute", "-o", "jsonpath={.status.lastScheduleTime}").ok().out();
        String jobName = "every-minute-" + java.time.Instant.parse(scheduled).getEpochSecond() / 60;
        assertThat(kubectl.run("get", "job", jobName, "-o",
                "jsonpath={.metadata.annotations.batch\\.kubernetes\\.io/cronjob-scheduled-timestamp} {.metadata.ownerReferences[0].kind}")
                .ok().out()).isEqualTo(scheduled.replace("Z", "Z") + " CronJob");
        kubectl.run("wait", "--for=condition=Complete", "job/" + jobName, "--timeout=30s").ok();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.run("get", "cronjob", "every-minute", "-o",
                "jsonpath={.status.lastSuccessfulTime}|{.status.active}").ok().out()).matches(".+\\|"));
    }
}
