package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The everyday commands with every kubectl on the machine (1.27 … 1.33): older ones send JSON,
 * 1.32 and later send typed objects as protobuf, 1.27/1.28 need OpenAPI v2 as protobuf.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlVersionMatrixTest {

    private TestCluster cluster;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start();
        work = Files.createTempDirectory("kube4j-matrix");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<Path> kubectls() {
        return Kubectl.installed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void everydayCommands(Path binary) throws Exception {
        assumeTrue(Files.isExecutable(binary), binary + " is not installed");
        Kubectl k = cluster.kubectl(binary);
        String ns = "m-" + binary.getFileName().toString().replaceAll("[^a-z0-9]", "");
        assertThat(k.run("create", "namespace", ns).ok().out()).contains("namespace/" + ns + " created");
        assertThat(k.run("create", "deployment", "web", "--image=nginx:1.23", "-n", ns).ok().out())
                .contains("deployment.apps/web created");
        assertThat(k.run("create", "configmap", "cfg", "--from-literal=a=b", "-n", ns).ok().out()).contains("created");
        assertThat(k.run("create", "secret", "generic", "sec", "--from-literal=p=q", "-n", ns).ok().out()).contains("created");
        assertThat(k.run("create", "serviceaccount", "robot", "-n", ns).ok().out()).contains("created");

        Path manifest = work.resolve(ns + ".yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  selector: {app: web}
                  ports:
                  - port: 80
                    targetPort: 8080
                """);
        assertThat(k.run("apply", "-n", ns, "-f", manifest.toString()).ok().out()).contains("service/web created");
        Files.writeString(manifest, Files.readString(manifest).replace("targetPort: 8080", "targetPort: 9090"));
        assertThat(k.run("apply", "-n", ns, "-f", manifest.toString()).ok().out()).contains("service/web configured");

        assertThat(k.run("scale", "deployment", "web", "--replicas=3", "-n", ns).ok().out()).contains("scaled");
        assertThat(k.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("3");
        assertThat(k.run("get", "all", "-n", ns).ok().out()).contains("deployment.apps/web").contains("service/web");
        assertThat(k.run("delete", "deployment", "web", "-n", ns).ok().out()).contains("deleted");
    }
}
