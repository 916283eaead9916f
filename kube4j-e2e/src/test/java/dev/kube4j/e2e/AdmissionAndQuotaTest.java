package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admission plugins and their controllers on a whole hollow cluster, with the real kubectl:
 * LimitRange defaults and limits, ResourceQuota refusals and accounting, default service
 * accounts and the root CA config map in new namespaces, priority classes.
 */
class AdmissionAndQuotaTest {

    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(3, "4", "8Gi");
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The seed scenario: a pod without requests gets the LimitRange's defaults, the pod beyond the quota is refused. */
    @Test
    void limitRangeDefaultsAndQuotaRefusals() {
        kubectl.run("create", "namespace", "quota-demo").ok();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: LimitRange
                metadata: {name: limits, namespace: quota-demo}
                spec:
                  limits:
                  - type: Container
                    default: {cpu: 500m, memory: 256Mi}
                    defaultRequest: {cpu: 200m, memory: 128Mi}
                    max: {cpu: "1"}
                ---
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: q, namespace: quota-demo}
                spec:
                  hard: {pods: "2", requests.cpu: "1", limits.memory: 1Gi, count/deployments.apps: "1"}
                """, "apply", "-f", "-").ok();
        // As upstream, a quota is enforced once its controller has counted what exists.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "quota", "q", "-n", "quota-demo",
                "-o", "jsonpath={.status.used.pods}").ok().out()).isEqualTo("0"));
        awaitDefaultServiceAccount("quota-demo");

        kubectl.run("run", "p1", "-n", "quota-demo", "--image=nginx:1.23").ok();
        assertThat(kubectl.run("get", "pod", "p1", "-n", "quota-demo", "-o", "jsonpath={.spec.containers[0].resources}").ok().out())
                .isEqualTo("{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"}}");
        assertThat(kubectl.run("get", "pod", "p1", "-n", "quota-demo", "-o",
                "jsonpath={.metadata.annotations.kubernetes\\.io/limit-ranger}").ok().out())
                .isEqualTo("LimitRanger plugin set: cpu, memory request for container p1; cpu, memory limit for container p1");

        var tooBig = kubectl.run("run", "big", "-n", "quota-demo", "--image=nginx:1.23", "--overrides",
                "{\"spec\":{\"containers\":[{\"name\":\"big\",\"image\":\"nginx:1.23\",\"resources\":{\"limits\":{\"cpu\":\"2\"}}}]}}");
        assertThat(tooBig.exitCode()).isNotZero();
        assertThat(tooBig.err()).contains("pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");

        kubectl.run("run", "p2", "-n", "quota-demo", "--image=nginx:1.23").ok();
        var refused = kubectl.run("run", "p3", "-n", "quota-demo", "--image=nginx:1.23");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("pods \"p3\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");

        assertThat(kubectl.run("describe", "quota", "q", "-n", "quota-demo").ok().out())
                .containsPattern("count/deployments.apps\\s+0\\s+1")
                .containsPattern("limits.memory\\s+512Mi\\s+1Gi")
                .containsPattern("pods\\s+2\\s+2")
                .containsPattern("requests.cpu\\s+400m\\s+1");

        kubectl.run("create", "deployment", "d1", "-n", "quota-demo", "--image=nginx:1.23", "--replicas=0").ok();
        var secondDeployment = kubectl.run("create", "deployment", "d2", "-n", "quota-demo", "--image=nginx:1.23", "--replicas=0");
        assertThat(secondDeployment.err()).contains("deployments.apps \"d2\" is forbidden: exceeded quota: q, "
                + "requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1");

        // Deleting a pod gives its share back (the controller recounts), and the next pod fits.
        kubectl.run("delete", "pod", "p1", "-n", "quota-demo", "--wait=false").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "quota", "q", "-n", "quota-demo",
                "-o", "jsonpath={.status.used.pods}").ok().out()).isEqualTo("1"));
        kubectl.run("run", "p3", "-n", "quota-demo", "--image=nginx:1.23").ok();
    }

    @Test
    void newNamespacesGetTheDefaultServiceAccountAndRootCa() {
        kubectl.run("create", "namespace", "sa-demo").ok();
        awaitDefaultServiceAccount("sa-demo");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "configmap", "kube-root-ca.crt",
                "-n", "sa-demo", "-o", "jsonpath={.data.ca\\.crt}").ok().out()).startsWith("-----BEGIN CERTIFICATE-----"));
        kubectl.run("run", "web", "-n", "sa-demo", "--image=nginx:1.23").ok();
        assertThat(kubectl.run("get", "pod", "web", "-n", "sa-demo", "-o", "jsonpath={.spec.serviceAccountName}").ok().out())
                .isEqualTo("default");

        kubectl.run("delete", "serviceaccount", "default", "-n", "sa-demo").ok();
        awaitDefaultServiceAccount("sa-demo");
        var missing = kubectl.run("run", "other", "-n", "sa-demo", "--image=nginx:1.23", "--overrides",
                "{\"spec\":{\"serviceAccountName\":\"robot\"}}");
        assertThat(missing.err()).contains("pods \"other\" is forbidden: service account sa-demo/robot was not found, "
                + "retry after the service account is created");
    }

    @Test
    void priorityClassNamesResolveToPriorities() {
        awaitDefaultServiceAccount("default");
        kubectl.run("run", "critical", "--image=nginx:1.23", "--overrides",
                "{\"spec\":{\"priorityClassName\":\"system-cluster-critical\"}}").ok();
        assertThat(kubectl.run("get", "pod", "critical", "-o", "jsonpath={.spec.priority} {.spec.preemptionPolicy}").ok().out())
                .isEqualTo("2000000000 PreemptLowerPriority");
        kubectl.run("run", "plain", "--image=nginx:1.23").ok();
        assertThat(kubectl.run("get", "pod", "plain", "-o", "jsonpath={.spec.priority}").ok().out()).isEqualTo("0");
        var unknown = kubectl.run("run", "nope", "--image=nginx:1.23", "--overrides", "{\"spec\":{\"priorityClassName\":\"nope\"}}");
        assertThat(unknown.err()).contains("pods \"nope\" is forbidden: no PriorityClass with name nope was found");
    }

    static void awaitDefaultServiceAccount(String ns) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                kubectl.run("get", "serviceaccount", "default", "-n", ns).ok());
    }
}
