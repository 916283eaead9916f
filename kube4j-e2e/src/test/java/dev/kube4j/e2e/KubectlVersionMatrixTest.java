package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kubectl acceptance commands with every kubectl on the machine (1.27 … 1.33 and the default
 * one), one version after the other on one server with the controllers (no nodes), each version in
 * its own namespace. Every
 * command's outcome per version is recorded for {@code docs/compatibility.md}
 * ({@link CompatibilityReport}); the test fails if any command failed with any version.
 *
 * <p>Older kubectl send JSON, 1.32 and later send typed objects as protobuf, 1.27/1.28 read
 * OpenAPI v2 as protobuf, the others v3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlVersionMatrixTest {

    private final CompatibilityReport report = new CompatibilityReport("kubectl");
    private final List<String> failures = new ArrayList<>();
    private TestCluster cluster;
    private Path work;
    private String servedResources;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(!Kubectl.installed().isEmpty(), "no kubectl installed");
        // with the controller manager, so that Deployments roll out (no nodes: no pod ever runs)
        cluster = TestCluster.startWithControllers();
        work = Files.createTempDirectory("kube4j-matrix");
        servedResources = cluster.kubectl(Kubectl.installed().getFirst()).run("api-resources", "-o", "name").ok().out();
    }

    @AfterAll
    void stop() throws Exception {
        report.save();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyCommandWithEveryKubectl() throws Exception {
        for (Path binary : Kubectl.installed()) {
            String ns = "m-" + binary.getFileName().toString().replaceAll("[^a-z0-9]", "");
            new Scenario(cluster.kubectl(binary), clientVersion(binary), ns).run();
        }
        assertThat(failures).as("kubectl commands that failed").isEmpty();
    }

    private String clientVersion(Path binary) {
        String json = cluster.kubectl(binary).run("version", "--client", "-o", "json").ok().out();
        Matcher m = Pattern.compile("\"gitVersion\":\\s*\"v([^\"]+)\"").matcher(json);
        String v = m.find() ? m.group(1) : binary.getFileName().toString();
        return binary.equals(Kubectl.DEFAULT) ? v + " (" + binary + ")" : v;
    }

    /** One check of a command; throws AssertionError when the command did not behave as upstream's. */
    private interface Check {
        void run() throws Exception;
    }

    private final class Scenario {
        final Kubectl k;
        final String version;
        final String ns;

        Scenario(Kubectl k, String version, String ns) {
            this.k = k;
            this.version = version;
            this.ns = ns;
        }

        void step(String command, Check check) {
            try {
                check.run();
                report.record(version, command, CompatibilityReport.Outcome.PASS, "");
            } catch (Exception | AssertionError e) {
                failures.add(version + " " + command + ": " + e.getMessage());
                report.record(version, command, CompatibilityReport.Outcome.FAIL, e.getMessage());
            }
        }

        void notServed(String command, String why) {
            report.record(version, command, CompatibilityReport.Outcome.NOT_SERVED, why);
        }

        String ok(String... args) {
            return k.run(args).ok().out();
        }

        String ns(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.add("-n");
            all.add(ns);
            return ok(all.toArray(String[]::new));
        }

        Path file(String name, String content) throws Exception {
            Path f = work.resolve(ns + "-" + name);
            Files.writeString(f, content);
            return f;
        }

        void run() throws Exception {
            step("create namespace", () -> assertThat(ok("create", "namespace", ns)).contains("namespace/" + ns + " created"));
            step("create deployment", () -> assertThat(ns("create", "deployment", "web", "--image=nginx:1.23"))
                    .contains("deployment.apps/web created"));
            step("create configmap", () -> assertThat(ns("create", "configmap", "cfg", "--from-literal=mode=dev",
                    "--from-literal=level=3")).contains("configmap/cfg created"));
            step("create secret generic", () -> assertThat(ns("create", "secret", "generic", "sec", "--from-literal=p=q"))
                    .contains("secret/sec created"));
            step("create serviceaccount", () -> assertThat(ns("create", "serviceaccount", "robot"))
                    .contains("serviceaccount/robot created"));
            Path pod = file("pod.yaml", """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: solo, labels: {app: solo}}
                    spec:
                      containers: [{name: app, image: busybox:1.36}]
                    """);
            step("create -f", () -> assertThat(ns("create", "-f", pod.toString())).contains("pod/solo created"));

            Path svc = file("svc.yaml", """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      selector: {app: web}
                      ports: [{port: 80, targetPort: 8080}]
                    """);
            step("apply -f", () -> {
                assertThat(ns("apply", "-f", svc.toString())).contains("service/web created");
                Files.writeString(svc, Files.readString(svc).replace("8080", "9090"));
                assertThat(ns("apply", "-f", svc.toString())).contains("service/web configured");
                assertThat(ns("apply", "-f", svc.toString())).contains("service/web unchanged");
            });
            step("diff -f", () -> {
                Files.writeString(svc, Files.readString(svc).replace("9090", "7070"));
                Kubectl.Result diff = k.run("diff", "-n", ns, "-f", svc.toString());
                assertThat(diff.exitCode()).as("exit code (1: differences found)\n%s", diff.err()).isEqualTo(1);
                assertThat(diff.out()).contains("-    targetPort: 9090").contains("+    targetPort: 7070");
            });
            step("apply --server-side", () -> {
                Path cm = file("ssa.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: b}\n");
                assertThat(ns("apply", "--server-side", "-f", cm.toString())).contains("configmap/ssa serverside-applied");
                assertThat(ns("get", "cm", "ssa", "-o", "jsonpath={.metadata.managedFields[0].operation}")).isEqualTo("Apply");
            });
            step("apply --validate=strict", () -> {
                Path typo = file("typo.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: typo}
                        data: {a: b}
                        dta: {c: d}
                        """);
                Kubectl.Result r = k.run("apply", "--validate=strict", "-n", ns, "-f", typo.toString());
                assertThat(r.exitCode()).isNotZero();
                assertThat(r.err()).contains("unknown field \"dta\"");
            });

            step("get", () -> assertThat(ns("get", "deployments"))
                    .containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE").contains("web"));
            step("get -o wide", () -> assertThat(ns("get", "deployment", "web", "-o", "wide"))
                    .containsPattern("CONTAINERS\\s+IMAGES\\s+SELECTOR").contains("nginx:1.23").contains("app=web"));
            step("get -o yaml", () -> assertThat(ns("get", "deployment", "web", "-o", "yaml"))
                    .contains("maxSurge: 25%").contains("revisionHistoryLimit: 10").contains("uid:"));
            step("get -o json", () -> assertThat(ns("get", "service", "web", "-o", "json"))
                    .contains("\"targetPort\": 9090").contains("\"sessionAffinity\": \"None\""));
            step("get -o jsonpath", () -> assertThat(ns("get", "cm", "cfg", "-o", "jsonpath={.data.mode}")).isEqualTo("dev"));
            step("get all", () -> assertThat(ns("get", "all")).contains("deployment.apps/web").contains("service/web")
                    .contains("pod/solo"));
            step("get --raw", () -> assertThat(ok("get", "--raw", "/apis")).contains("\"kind\":\"APIGroupList\"")
                    .contains("\"name\":\"apps\""));
            step("describe", () -> assertThat(ns("describe", "deployment", "web"))
                    .contains("Name:").contains("StrategyType:").contains("RollingUpdate").contains("nginx:1.23"));

            step("label", () -> {
                ns("label", "deployment", "web", "tier=front");
                Kubectl.Result again = k.run("label", "deployment", "web", "tier=back", "-n", ns);
                assertThat(again.err()).contains("'tier' already has a value (front), and --overwrite is false");
                ns("label", "deployment", "web", "tier=back", "--overwrite");
                assertThat(ns("get", "deployment", "web", "-L", "tier")).contains("back");
                ns("label", "deployment", "web", "tier-");
            });
            step("annotate", () -> {
                ns("annotate", "deployment", "web", "owner=team-a");
                assertThat(ns("get", "deployment", "web", "-o", "jsonpath={.metadata.annotations.owner}")).isEqualTo("team-a");
            });
            step("patch --type=merge", () -> {
                ns("patch", "configmap", "cfg", "--type=merge", "-p", "{\"data\":{\"mode\":\"prod\"}}");
                assertThat(ns("get", "cm", "cfg", "-o", "jsonpath={.data.mode}")).isEqualTo("prod");
            });
            step("patch --type=json", () -> {
                ns("patch", "configmap", "cfg", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/data/level\"}]");
                assertThat(ns("get", "cm", "cfg", "-o", "jsonpath={.data}")).doesNotContain("level");
            });
            step("patch --type=strategic", () -> {
                ns("patch", "deployment", "web", "-p",
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"}]}}}}");
                assertThat(ns("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[*].image}"))
                        .isEqualTo("nginx:1.25");
            });
            step("edit", () -> {
                Path editor = file("editor.sh", "#!/bin/sh\nsed -i 's/mode: prod/mode: edited/' \"$1\"\n");
                assertThat(editor.toFile().setExecutable(true)).isTrue();
                k.run(null, Map.of("KUBE_EDITOR", editor.toString()), "edit", "cm", "cfg", "-n", ns).ok();
                assertThat(ns("get", "cm", "cfg", "-o", "jsonpath={.data.mode}")).isEqualTo("edited");
            });
            step("replace -f", () -> {
                Path current = file("cfg.yaml", ns("get", "cm", "cfg", "-o", "yaml").replace("mode: edited", "mode: replaced"));
                ns("replace", "-f", current.toString());
                assertThat(ns("get", "cm", "cfg", "-o", "jsonpath={.data.mode}")).isEqualTo("replaced");
            });
            step("scale", () -> {
                assertThat(ns("scale", "deployment", "web", "--replicas=3")).contains("deployment.apps/web scaled");
                assertThat(ns("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
            });
            step("delete -l", () -> {
                ns("create", "configmap", "gone-1", "--from-literal=a=b");
                ns("create", "configmap", "gone-2", "--from-literal=a=b");
                ns("label", "cm", "gone-1", "gone-2", "batch=old");
                assertThat(ns("delete", "cm", "-l", "batch=old"))
                        .contains("configmap \"gone-1\" deleted").contains("configmap \"gone-2\" deleted");
            });
            watchAndWait();

            step("api-resources", () -> assertThat(ok("api-resources"))
                    .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment"));
            step("api-resources -o wide", () -> assertThat(ok("api-resources", "-o", "wide"))
                    .containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod\\s+create,delete,deletecollection,get,list,patch,update,watch\\s+all"));
            step("api-versions", () -> assertThat(ok("api-versions")).contains("apps/v1").contains("batch/v1"));
            step("explain", () -> assertThat(ok("explain", "deployment.spec.strategy"))
                    .contains("DeploymentStrategy describes how to replace existing pods with new ones."));
            step("explain --recursive", () -> assertThat(ok("explain", "deployment.spec.strategy", "--recursive"))
                    .contains("rollingUpdate").contains("maxSurge").contains("maxUnavailable"));

            step("autoscale", () -> {
                assertThat(ns("autoscale", "deployment", "web", "--min=1", "--max=4", "--cpu-percent=80"))
                        .contains("horizontalpodautoscaler.autoscaling/web autoscaled");
                assertThat(ns("get", "hpa", "web")).containsPattern("NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS");
            });
            step("create poddisruptionbudget", () -> assertThat(ns("create", "poddisruptionbudget", "web",
                    "--selector=app=web", "--min-available=1")).contains("poddisruptionbudget.policy/web created"));
            step("create ingress", () -> assertThat(ns("create", "ingress", "web", "--rule=foo.com/bar=web:80"))
                    .contains("ingress.networking.k8s.io/web created"));
            step("create priorityclass", () -> assertThat(ok("create", "priorityclass", ns, "--value=1000"))
                    .contains("priorityclass.scheduling.k8s.io/" + ns + " created"));

            if (servedResources.contains("selfsubjectaccessreviews.authorization.k8s.io")) {
                step("auth can-i", () -> assertThat(ns("auth", "can-i", "create", "deployments")).isEqualTo("yes\n"));
            } else {
                notServed("auth can-i", "needs selfsubjectaccessreviews (authorization.k8s.io), not served yet");
            }
            String observed = ns("get", "deployment", "web", "-o", "jsonpath={.status.observedGeneration}");
            if (!observed.isEmpty()) {
                step("rollout status", () -> assertThat(ns("rollout", "status", "deployment/web", "--watch=false"))
                        .contains("Waiting for deployment \"web\" rollout to finish"));
                step("rollout history", () -> await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(ns("rollout", "history", "deployment/web")).containsPattern("REVISION\\s+CHANGE-CAUSE")
                                .containsPattern("\n2\\s+<none>")));
                step("rollout restart", () -> assertThat(ns("rollout", "restart", "deployment/web"))
                        .contains("deployment.apps/web restarted"));
            } else {
                for (String command : List.of("rollout status", "rollout history", "rollout restart")) {
                    notServed(command, "needs the Deployment controller, not running on this server");
                }
            }
            step("delete", () -> assertThat(ns("delete", "deployment", "web")).contains("deployment.apps \"web\" deleted"));
        }

        /** {@code get -w} sees a config map added, modified and deleted while {@code wait --for=delete} waits for it. */
        void watchAndWait() throws Exception {
            Path events = work.resolve(ns + "-watch.txt");
            Path waited = work.resolve(ns + "-wait.txt");
            ns("create", "configmap", "watched", "--from-literal=a=1");
            Process watch = k.start(events, "get", "configmaps", "watched", "--watch", "--output-watch-events", "-n", ns);
            Process waiter = null;
            try {
                String beforeDelete = null;
                try {
                    await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(events).contains("ADDED"));
                    ns("patch", "cm", "watched", "--type=merge", "-p", "{\"data\":{\"a\":\"2\"}}");
                    await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(events).contains("MODIFIED"));
                } catch (Exception | AssertionError e) {
                    beforeDelete = String.valueOf(e.getMessage());
                }
                waiter = k.start(waited, "wait", "--for=delete", "cm/watched", "--timeout=20s", "-n", ns);
                Process w = waiter;
                // wait must have read the object before it goes
                Thread.sleep(300);
                ns("delete", "cm", "watched");
                step("wait --for=delete", () -> {
                    assertThat(w.waitFor(20, TimeUnit.SECONDS)).as("wait ended").isTrue();
                    assertThat(w.exitValue()).isZero();
                });
                String watchProblem = beforeDelete;
                step("get -w", () -> {
                    assertThat(watchProblem).as("ADDED and MODIFIED seen").isNull();
                    await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(events).contains("DELETED"));
                    assertThat(Files.readString(events)).containsPattern("EVENT\\s+NAME\\s+DATA\\s+AGE");
                });
            } finally {
                watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                if (waiter != null) {
                    waiter.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
