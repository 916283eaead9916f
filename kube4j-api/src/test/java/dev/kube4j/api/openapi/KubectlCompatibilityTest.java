package dev.kube4j.api.openapi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the real kubectl binaries (1.27 … 1.33, skipped when absent) against a stub API server
 * serving our OpenAPI documents: default (strict) validation must detect server-side field
 * validation, explain must render, apply must compute strategic merge patches from our schemas.
 */
class KubectlCompatibilityTest {

    static final String SDK = "/usr/lib/google-cloud-sdk/bin/";

    static StubApiServer server;
    @TempDir
    Path tmp;

    static Stream<String> kubectls() {
        List<String> bins = new ArrayList<>();
        for (int minor = 27; minor <= 33; minor++) {
            bins.add(SDK + "kubectl.1." + minor);
        }
        return bins.stream();
    }

    @BeforeAll
    static void start() throws IOException {
        server = new StubApiServer(SampleResources.all(), OpenApiDocuments.build(SampleResources.all()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void reset() {
        server.clear();
        server.v2Mode = StubApiServer.V2Mode.SERVED;
    }

    record Result(int exit, String out, String err) {
    }

    Result kubectl(String bin, String... args) throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Path kubeconfig = tmp.resolve("kubeconfig");
        if (!Files.exists(kubeconfig)) {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: stub
                      cluster:
                        server: %s
                    users:
                    - name: stub
                      user: {}
                    contexts:
                    - name: stub
                      context: {cluster: stub, user: stub, namespace: default}
                    current-context: stub
                    """.formatted(server.url()));
        }
        List<String> cmd = new ArrayList<>(List.of(bin, "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "--request-timeout", "20s"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl timed out: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    Path manifest(String name, String yaml) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    static String deployment(String image, String extraContainerField, boolean sidecar) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web, tier.example.com/anything: "x"}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  strategy:
                    type: RollingUpdate
                    rollingUpdate: {maxSurge: 25%%, maxUnavailable: 1}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: %s
                        %s
                        ports:
                        - containerPort: 80
                        env:
                        - {name: A, value: "1"}
                        resources:
                          limits: {cpu: 100m, memory: 64Mi}
                %s""".formatted(image, extraContainerField, sidecar
                ? "      - name: sidecar\n        image: busybox\n" : "");
    }

    private static void assumeBinary(String bin) {
        assumeTrue(Files.isExecutable(Path.of(bin)), bin + " not installed");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void createWithDefaultValidationUsesServerSideFieldValidation(String bin) throws Exception {
        assumeBinary(bin);
        Result r = kubectl(bin, "create", "-f",
                manifest("d.yaml", deployment("nginx", "imagePullPolicy: Always", false)).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("deployment.apps/web created");
        var posts = server.requests().stream().filter(q -> q.method().equals("POST")).toList();
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).path()).isEqualTo("/apis/apps/v1/namespaces/default/deployments");
        assertThat(posts.get(0).query()).contains("fieldValidation=Strict");

        Result bad = kubectl(bin, "create", "-f",
                manifest("bad.yaml", deployment("nginx", "imagePullPolcy: Always", false)
                        .replace("name: web\n  labels", "name: web2\n  labels")).toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("Error from server (BadRequest)", "Deployment in version \"v1\" cannot be "
                        + "handled as a Deployment: strict decoding error: unknown field "
                        + "\"spec.template.spec.containers[0].imagePullPolcy\"")
                .doesNotContain("ValidationError");
    }

    /** Only 1.27/1.28 need /openapi/v2 (eagerly, as protobuf); later versions work from v3 alone. */
    @ParameterizedTest
    @MethodSource("kubectls")
    void v2IsRequiredOnlyBefore129(String bin) throws Exception {
        assumeBinary(bin);
        server.v2Mode = StubApiServer.V2Mode.MISSING;
        Result r = kubectl(bin, "create", "-f", manifest("d.yaml", deployment("nginx", "", false)).toString());
        if (bin.endsWith("1.27") || bin.endsWith("1.28")) {
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("NotFound");
        } else {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(server.requests().stream().filter(q -> q.method().equals("POST")).findFirst().orElseThrow()
                    .query()).contains("fieldValidation=Strict");
        }
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void warnValidationShowsServerWarnings(String bin) throws Exception {
        assumeBinary(bin);
        Result r = kubectl(bin, "create", "--validate=warn", "-f",
                manifest("w.yaml", deployment("nginx", "imagePullPolcy: Always", false)).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Warning: unknown field \"spec.template.spec.containers[0].imagePullPolcy\"");
        assertThat(server.requests().stream().filter(q -> q.method().equals("POST")).findFirst().orElseThrow()
                .query()).contains("fieldValidation=Warn");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void explainRendersFieldsFromOurDocuments(String bin) throws Exception {
        assumeBinary(bin);
        Result r = kubectl(bin, "explain", "deployment.spec.strategy");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("KIND:", "Deployment", "rollingUpdate", "type");
        Result rec = kubectl(bin, "explain", "pods", "--recursive");
        assertThat(rec.exit()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("containers", "imagePullPolicy", "metadata", "nodeSelector");
        Result field = kubectl(bin, "explain", "deployment.spec.strategy.rollingUpdate.maxSurge");
        assertThat(field.exit()).as(field.err()).isZero();
        assertThat(field.out()).contains("maxSurge");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void applyComputesStrategicMergePatchFromOurSchemas(String bin) throws Exception {
        assumeBinary(bin);
        Result first = kubectl(bin, "apply", "-f", manifest("a.yaml", deployment("nginx:1", "", true)).toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("deployment.apps/web created");
        Result second = kubectl(bin, "apply", "-f", manifest("b.yaml", deployment("nginx:2", "", false)).toString());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContainIgnoringCase("warning");
        var patches = server.requests().stream().filter(q -> q.method().equals("PATCH")).toList();
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).contentType()).isEqualTo("application/strategic-merge-patch+json");
        assertThat(patches.get(0).query()).contains("fieldValidation=Strict");
        // merge keys from our schema: the removed container is deleted by name, the list order kept
        assertThat(patches.get(0).body()).contains("$setElementOrder/containers", "\"$patch\":\"delete\"",
                "\"name\":\"sidecar\"", "nginx:2");
    }
}
