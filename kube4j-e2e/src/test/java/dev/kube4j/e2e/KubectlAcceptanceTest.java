package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The acceptance scenarios, driven with the real kubectl exactly as a user types them,
 * against a control-plane-only server on the embedded store (and, in a subclass, on etcd).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlAcceptanceTest {

    private TestCluster cluster;
    private Kubectl kubectl;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.DEFAULT), "kubectl is not installed");
        cluster = startCluster();
        kubectl = cluster.kubectl();
        work = Seeds.copy("web-rc.yaml", "web-svc.yaml");
    }

    /** The embedded store here; {@link KubectlAcceptanceOnEtcdTest} runs every scenario on a real etcd. */
    TestCluster startCluster() throws Exception {
        return TestCluster.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void seedReplicationControllerAndNodePortService() {
        assertThat(kubectl.run("create", "-f", work.resolve("web-rc.yaml").toString()).ok().out())
                .contains("replicationcontroller/myweb created");
        assertThat(kubectl.run("create", "-f", work.resolve("web-svc.yaml").toString()).ok().out())
                .contains("service/myweb created");

        String all = kubectl.run("get", "pods,rc,svc").ok().out();
        assertThat(all).contains("replicationcontroller/myweb").contains("service/myweb")
                .containsPattern("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE")
                .containsPattern("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE")
                .containsPattern("service/myweb\\s+NodePort\\s+\\S+\\s+<none>\\s+8080:31111/TCP");

        assertThat(kubectl.run("get", "rc", "myweb", "-o", "wide").ok().out())
                .containsPattern("CONTAINERS\\s+IMAGES\\s+SELECTOR")
                .contains("registry.cn-shanghai.aliyuncs.com/yf_registry/local-cat").contains("app=myweb");
        String yaml = kubectl.run("get", "rc", "myweb", "-o", "yaml").ok().out();
        assertThat(yaml).contains("kind: ReplicationController").contains("replicas: 2")
                .contains("imagePullPolicy: IfNotPresent").contains("terminationGracePeriodSeconds: 30")
                .contains("resourceVersion:").contains("uid:").contains("creationTimestamp:");
        assertThat(kubectl.run("get", "svc", "myweb", "-o", "json").ok().out())
                .contains("\"nodePort\": 31111").contains("\"protocol\": \"TCP\"").contains("\"sessionAffinity\": \"None\"");
        assertThat(kubectl.run("describe", "rc", "myweb").ok().out())
                .contains("Name:").contains("myweb").contains("Selector:").contains("app=myweb")
                .contains("Replicas:").contains("Image:");
        assertThat(kubectl.run("describe", "svc", "myweb").ok().out())
                .contains("Type:").contains("NodePort").contains("31111/TCP");
        assertThat(kubectl.run("get", "rc", "--show-labels").ok().out()).contains("LABELS").contains("app=myweb");
        assertThat(kubectl.run("get", "rc,svc", "-l", "app=myweb").ok().out()).contains("replicationcontroller/myweb");
        assertThat(kubectl.run("get", "rc", "-A").ok().out()).containsPattern("NAMESPACE\\s+NAME").contains("default");
        assertThat(kubectl.run("get", "svc", "--all-namespaces", "-o", "wide").ok().out()).contains("SELECTOR").contains("app=myweb");

        assertThat(kubectl.run("delete", "rc", "myweb").ok().out()).contains("replicationcontroller \"myweb\" deleted");
        assertThat(kubectl.run("delete", "svc", "myweb").ok().out()).contains("service \"myweb\" deleted");
        Kubectl.Result gone = kubectl.run("get", "rc", "myweb");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err()).contains("Error from server (NotFound): replicationcontrollers \"myweb\" not found");
    }

    @Test
    void createDeploymentLabelAnnotateAndScale() {
        kubectl.run("create", "namespace", "shop").ok();
        assertThat(kubectl.run("create", "deployment", "web", "--image=nginx:1.23", "-n", "shop").ok().out())
                .contains("deployment.apps/web created");
        String d = kubectl.run("get", "deployment", "web", "-n", "shop", "-o", "yaml").ok().out();
        assertThat(d).contains("maxSurge: 25%").contains("maxUnavailable: 25%").contains("revisionHistoryLimit: 10")
                .contains("progressDeadlineSeconds: 600").contains("imagePullPolicy: IfNotPresent");
        assertThat(kubectl.run("get", "deploy", "-n", "shop").ok().out())
                .containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE");

        kubectl.run("label", "deployment", "web", "tier=front", "-n", "shop").ok();
        Kubectl.Result again = kubectl.run("label", "deployment", "web", "tier=back", "-n", "shop");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("'tier' already has a value (front), and --overwrite is false");
        kubectl.run("label", "deployment", "web", "tier=back", "--overwrite", "-n", "shop").ok();
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop", "-L", "tier").ok().out()).contains("back");
        kubectl.run("label", "deployment", "web", "tier-", "-n", "shop").ok();
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop", "--show-labels").ok().out()).doesNotContain("tier=");
        kubectl.run("annotate", "deployment", "web", "owner=team-a", "-n", "shop").ok();
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.metadata.annotations.owner}").ok().out())
                .isEqualTo("team-a");

        assertThat(kubectl.run("scale", "deployment", "web", "--replicas=4", "-n", "shop").ok().out())
                .contains("deployment.apps/web scaled");
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}").ok().out())
                .isEqualTo("4");
        assertThat(kubectl.run("get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.metadata.generation}").ok().out())
                .isEqualTo("2");
    }

    @Test
    void createConfigMapSecretServiceAccountAndPatchAllThreeWays() {
        kubectl.run("create", "configmap", "app-config", "--from-literal=mode=dev", "--from-literal=level=3").ok();
        kubectl.run("create", "secret", "generic", "db", "--from-literal=password=s3cret").ok();
        kubectl.run("create", "serviceaccount", "robot").ok();
        assertThat(kubectl.run("get", "cm", "app-config").ok().out()).containsPattern("app-config\\s+2\\s+");
        assertThat(kubectl.run("get", "secret", "db").ok().out()).containsPattern("db\\s+Opaque\\s+1\\s+");
        assertThat(kubectl.run("get", "sa", "robot").ok().out()).contains("robot");

        kubectl.run("patch", "configmap", "app-config", "--type=merge", "-p", "{\"data\":{\"mode\":\"prod\"}}").ok();
        kubectl.run("patch", "configmap", "app-config", "--type=json",
                "-p", "[{\"op\":\"remove\",\"path\":\"/data/level\"}]").ok();
        assertThat(kubectl.run("get", "cm", "app-config", "-o", "jsonpath={.data}").ok().out())
                .contains("\"mode\":\"prod\"").doesNotContain("level");

        kubectl.run("create", "deployment", "api", "--image=busybox:1.36").ok();
        kubectl.run("patch", "deployment", "api", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"busybox\",\"image\":\"busybox:1.37\"}]}}}}").ok();
        assertThat(kubectl.run("get", "deploy", "api", "-o", "jsonpath={.spec.template.spec.containers[*].image}").ok().out())
                .isEqualTo("busybox:1.37");
        Kubectl.Result failed = kubectl.run("patch", "configmap", "app-config", "--type=json",
                "-p", "[{\"op\":\"test\",\"path\":\"/data/mode\",\"value\":\"dev\"}]");
        assertThat(failed.exitCode()).isNotZero();
    }

    @Test
    void applyTwiceEditReplaceAndDeleteBySelector() throws Exception {
        Path manifest = work.resolve("cm-apply.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: applied
                  labels:
                    group: batch1
                data:
                  color: blue
                """);
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out()).contains("configmap/applied created");
        Files.writeString(manifest, Files.readString(manifest).replace("blue", "green"));
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out()).contains("configmap/applied configured");
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out()).contains("configmap/applied unchanged");
        assertThat(kubectl.run("get", "cm", "applied", "-o", "jsonpath={.data.color}").ok().out()).isEqualTo("green");

        // kubectl edit through a scripted editor that rewrites the color.
        Path editor = work.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/color: green/color: red/' \"$1\"\n");
        editor.toFile().setExecutable(true);
        kubectl.run(null, Map.of("KUBE_EDITOR", editor.toString()), "edit", "cm", "applied").ok();
        assertThat(kubectl.run("get", "cm", "applied", "-o", "jsonpath={.data.color}").ok().out()).isEqualTo("red");

        String current = kubectl.run("get", "cm", "applied", "-o", "yaml").ok().out();
        Files.writeString(manifest, current.replace("color: red", "color: black"));
        kubectl.run("replace", "-f", manifest.toString()).ok();
        assertThat(kubectl.run("get", "cm", "applied", "-o", "jsonpath={.data.color}").ok().out()).isEqualTo("black");

        kubectl.run("create", "configmap", "other", "--from-literal=a=b").ok();
        kubectl.run("label", "cm", "other", "group=batch1").ok();
        assertThat(kubectl.run("delete", "cm", "-l", "group=batch1").ok().out())
                .contains("configmap \"applied\" deleted").contains("configmap \"other\" deleted");
        assertThat(kubectl.run("get", "cm", "-l", "group=batch1").ok().err()).contains("No resources found");
    }

    @Test
    void watchSeesAddedModifiedDeletedAndWaitForDelete() throws Exception {
        Path out = Files.createTempFile(work, "watch", ".txt");
        kubectl.run("create", "configmap", "watched", "--from-literal=a=1").ok();
        Process watch = kubectl.start(out, "get", "configmaps", "--watch", "--output-watch-events");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("ADDED"));
            kubectl.run("patch", "cm", "watched", "--type=merge", "-p", "{\"data\":{\"a\":\"2\"}}").ok();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("MODIFIED"));
            Process waiter = kubectl.start(work.resolve("wait.txt"), "wait", "--for=delete", "cm/watched", "--timeout=30s");
            kubectl.run("delete", "cm", "watched").ok();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("DELETED"));
            assertThat(waiter.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(waiter.exitValue()).isZero();
        } finally {
            watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(out)).containsPattern("EVENT\\s+NAME\\s+DATA\\s+AGE").containsPattern("DELETED\\s+watched");
    }

    @Test
    void apiResourcesAndVersions() {
        String resources = kubectl.run("api-resources").ok().out();
        assertThat(resources).containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod")
                .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
                .containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace")
                .contains("clusterrolebindings").contains("leases").contains("endpointslices").contains("cronjobs");
        assertThat(kubectl.run("api-versions").ok().out()).contains("apps/v1").contains("batch/v1").contains("v1")
                .contains("rbac.authorization.k8s.io/v1").contains("coordination.k8s.io/v1");
        assertThat(kubectl.run("get", "namespaces").ok().out())
                .contains("default").contains("kube-system").contains("kube-public").contains("kube-node-lease");
    }

    @Test
    void invalidObjectsGetUpstreamMessages() throws Exception {
        Path bad = work.resolve("bad-pod.yaml");
        Files.writeString(bad, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: Bad_Name
                spec:
                  containers:
                  - name: app
                """);
        Kubectl.Result r = kubectl.run("create", "-f", bad.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("is invalid").contains("metadata.name: Invalid value: \"Bad_Name\"")
                .contains("spec.containers[0].image: Required value");

        Path typo = work.resolve("typo.yaml");
        Files.writeString(typo, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: typo}
                  template:
                    metadata:
                      labels: {app: typo}
                    spec:
                      containers:
                      - name: app
                        image: nginx
                        imagePullPolcy: Always
                """);
        Kubectl.Result strict = kubectl.run("apply", "-f", typo.toString());
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.err()).contains("unknown field \"spec.template.spec.containers[0].imagePullPolcy\"");
    }
}
