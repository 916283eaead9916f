package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code kubectl delete namespace} completes: the namespace controller empties and finalizes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceDeletionTest {

    private TestCluster cluster;
    private Kubectl kubectl;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.startWithControllers();
        kubectl = cluster.kubectl();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void createShop() {
        kubectl.run("create", "namespace", "shop").ok();
        kubectl.run("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", "shop").ok();
        kubectl.run("create", "configmap", "settings", "--from-literal=a=1", "-n", "shop").ok();
        kubectl.run("create", "configmap", "prices", "--from-literal=b=2", "-n", "shop").ok();
        kubectl.run("create", "secret", "generic", "db", "--from-literal=password=s3cret", "-n", "shop").ok();
        kubectl.run("create", "service", "clusterip", "web", "--tcp=80:8080", "-n", "shop").ok();
    }

    @Test
    void deletingANamespaceDeletesItsContentAndThenTheNamespace() {
        createShop();
        long start = System.nanoTime();
        // kubectl waits for the namespace to be gone before it returns.
        Kubectl.Result deleted = kubectl.run("delete", "namespace", "shop").ok();
        assertThat(deleted.out()).contains("namespace \"shop\" deleted");
        kubectl.run("wait", "--for=delete", "namespace/shop", "--timeout=60s").ok();
        System.out.printf("namespace shop deleted in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());

        Kubectl.Result cms = kubectl.run("get", "cm", "-n", "shop").ok();
        assertThat(cms.out()).isEmpty();
        assertThat(cms.err()).contains("No resources found in shop namespace.");
        assertThat(kubectl.run("get", "deploy,secret,svc", "-n", "shop", "-o", "name").ok().out()).isEmpty();
        assertThat(kubectl.run("get", "namespace", "shop").err()).contains("namespaces \"shop\" not found");
    }

    @Test
    void aTerminatingNamespaceRefusesNewContentUntilItsLastFinalizerIsRemoved() {
        createShop();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: held
                  namespace: shop
                  finalizers: ["example.com/hold"]
                """, "apply", "-f", "-").ok();
        kubectl.run("delete", "namespace", "shop", "--wait=false").ok();

        // Everything else goes; the held config map stays (being deleted) and keeps the namespace.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                kubectl.run("get", "cm,deploy,secret,svc", "-n", "shop", "-o", "name").out().strip()
                        .equals("configmap/held"));
        assertThat(kubectl.run("get", "namespace", "shop", "-o", "jsonpath={.status.phase}").ok().out())
                .isEqualTo("Terminating");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                kubectl.run("get", "namespace", "shop", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"NamespaceFinalizersRemaining\")].status}").out()
                        .equals("True"));

        Kubectl.Result refused = kubectl.run("create", "configmap", "late", "-n", "shop");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains(
                "unable to create new content in namespace shop because it is being terminated");

        kubectl.run("patch", "configmap", "held", "-n", "shop", "--type=json",
                "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]").ok();
        kubectl.run("wait", "--for=delete", "namespace/shop", "--timeout=60s").ok();
        assertThat(kubectl.run("get", "cm", "-n", "shop", "-o", "name").ok().out()).isEmpty();
    }
}
