package dev.kube4j.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Server-side apply with the real kubectl (several versions) and the fabric8 client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSideApplyTest {

    private TestCluster cluster;
    private Kubectl kubectl;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.DEFAULT), "kubectl is not installed");
        cluster = TestCluster.start();
        kubectl = cluster.kubectl();
        work = Files.createTempDirectory("kube4j-ssa");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String deployment(String name, int replicas, String image, String extra) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels:
                    app: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: %s
                  template:
                    metadata:
                      labels:
                        app: %s
                    spec:
                      containers:
                      - name: web
                        image: %s
                        ports:
                        - containerPort: 80
                %s""".formatted(name, name, replicas, name, name, image, extra);
    }

    private String file(String name, String content) throws Exception {
        Path p = work.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void applyCreatesConfiguresConflictsAndForces() throws Exception {
        String f = file("ssa.yaml", deployment("ssa", 2, "nginx:1.25", ""));
        assertThat(kubectl.run("apply", "--server-side", "-f", f).ok().out()).contains("deployment.apps/ssa serverside-applied");
        assertThat(kubectl.run("get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("2");

        String yaml = kubectl.run("get", "deploy", "ssa", "-o", "yaml", "--show-managed-fields").ok().out();
        assertThat(yaml).contains("managedFields:").contains("manager: kubectl").contains("operation: Apply")
                .contains("fieldsType: FieldsV1").contains("f:replicas: {}").contains("k:{\"name\":\"web\"}:");
        assertThat(kubectl.run("get", "deploy", "ssa", "-o", "yaml").ok().out()).doesNotContain("managedFields");

        f = file("ssa.yaml", deployment("ssa", 2, "nginx:1.26", ""));
        assertThat(kubectl.run("apply", "--server-side", "-f", f).ok().out()).contains("deployment.apps/ssa serverside-applied");
        assertThat(kubectl.run("get", "deploy", "ssa", "-o", "jsonpath={.spec.template.spec.containers[0].image}").ok().out())
                .isEqualTo("nginx:1.26");

        kubectl.run("scale", "deploy", "ssa", "--replicas=4").ok();
        f = file("ssa.yaml", deployment("ssa", 3, "nginx:1.26", ""));
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "-f", f);
        assertThat(conflict.exitCode()).isNotZero();
        // kubectl scale sends no field manager: the name comes from its user agent, as upstream
        assertThat(conflict.err()).contains("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas")
                .contains("--force-conflicts");

        assertThat(kubectl.run("apply", "--server-side", "--force-conflicts", "-f", f).ok().out()).contains("serverside-applied");
        assertThat(kubectl.run("get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("3");
        assertThat(kubectl.run("get", "deploy", "ssa", "-o", "yaml", "--show-managed-fields").ok().out())
                .doesNotContain("subresource: scale");
    }

    @Test
    void fieldsRemovedFromTheFileAreRemovedFromTheObject() throws Exception {
        String f = file("rm.yaml", deployment("rm", 1, "nginx", "  minReadySeconds: 5\n  paused: true\n"));
        kubectl.run("apply", "--server-side", "-f", f).ok();
        assertThat(kubectl.run("get", "deploy", "rm", "-o", "jsonpath={.spec.paused}/{.spec.minReadySeconds}").ok().out())
                .isEqualTo("true/5");
        f = file("rm.yaml", deployment("rm", 1, "nginx", ""));
        kubectl.run("apply", "--server-side", "-f", f).ok();
        assertThat(kubectl.run("get", "deploy", "rm", "-o", "jsonpath={.spec.paused}/{.spec.minReadySeconds}").ok().out())
                .isEqualTo("/");
    }

    @Test
    void clientSideApplyThenServerSideApplyMigrates() throws Exception {
        String f = file("csa.yaml", deployment("csa", 1, "nginx", ""));
        assertThat(kubectl.run("apply", "-f", f).ok().out()).contains("deployment.apps/csa created");
        f = file("csa.yaml", deployment("csa", 2, "nginx", ""));
        assertThat(kubectl.run("apply", "-f", f).ok().out()).contains("deployment.apps/csa configured");
        assertThat(kubectl.run("get", "deploy", "csa", "-o", "yaml", "--show-managed-fields").ok().out())
                .contains("manager: kubectl-client-side-apply").contains("kubectl.kubernetes.io/last-applied-configuration");

        f = file("csa.yaml", deployment("csa", 3, "nginx", ""));
        // another manager does not inherit kubectl's client-side fields
        assertThat(kubectl.run("apply", "--server-side", "--field-manager=other", "-f", f).err())
                .contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        assertThat(kubectl.run("apply", "--server-side", "-f", f).ok().out()).contains("serverside-applied");
        assertThat(kubectl.run("get", "deploy", "csa", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("3");
        // and back to client-side apply: the annotation kept up with the server-side apply
        f = file("csa.yaml", deployment("csa", 4, "nginx", ""));
        assertThat(kubectl.run("apply", "-f", f).ok().out()).contains("deployment.apps/csa configured");
        assertThat(kubectl.run("get", "deploy", "csa", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("4");
    }

    @Test
    void diffUsesServerSideDryRun() throws Exception {
        String f = file("diff.yaml", deployment("diff", 1, "nginx", ""));
        kubectl.run("apply", "--server-side", "-f", f).ok();
        assertThat(kubectl.run("diff", "--server-side", "-f", f).exitCode()).isZero();
        f = file("diff.yaml", deployment("diff", 5, "nginx", ""));
        Kubectl.Result diff = kubectl.run("diff", "--server-side", "-f", f);
        assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("-  replicas: 1").contains("+  replicas: 5");
        assertThat(kubectl.run("diff", "-f", f).exitCode()).isEqualTo(1);
        assertThat(kubectl.run("get", "deploy", "diff", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("1");
    }

    @Test
    void statusSubresourceApply() throws Exception {
        String f = file("st.yaml", deployment("st", 1, "nginx", ""));
        kubectl.run("apply", "--server-side", "-f", f).ok();
        String status = file("st-status.yaml", deployment("st", 1, "nginx", "status:\n  observedGeneration: 1\n  replicas: 7\n"));
        assertThat(kubectl.run("apply", "--server-side", "--subresource=status", "--field-manager=ctrl", "-f", status).ok().out())
                .contains("serverside-applied");
        assertThat(kubectl.run("get", "deploy", "st", "-o", "jsonpath={.status.replicas}").ok().out()).isEqualTo("7");
        assertThat(kubectl.run("get", "deploy", "st", "-o", "yaml", "--show-managed-fields").ok().out())
                .contains("manager: ctrl").contains("subresource: status");
    }

    @Test
    void olderAndNewerKubectlApply() throws Exception {
        for (String v : new String[]{"1.27", "1.33"}) {
            Path bin = Kubectl.SDK_DIR.resolve("kubectl." + v);
            if (!Files.isExecutable(bin)) {
                continue;
            }
            Kubectl k = cluster.kubectl(bin);
            String name = "v" + v.replace(".", "");
            String f = file(name + ".yaml", deployment(name, 1, "nginx", ""));
            assertThat(k.run("apply", "--server-side", "-f", f).ok().out()).contains("deployment.apps/" + name + " serverside-applied");
            f = file(name + ".yaml", deployment(name, 2, "nginx", ""));
            assertThat(k.run("apply", "--server-side", "-f", f).ok().out()).contains("serverside-applied");
            assertThat(k.run("get", "deploy", name, "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("2");
        }
    }

    @Test
    void fabric8ServerSideApply() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("f8").withNamespace("default").endMetadata()
                    .withData(Map.of("a", "1")).build();
            ConfigMap applied = client.resource(cm).fieldManager("f8-manager").forceConflicts().serverSideApply();
            assertThat(applied.getData()).containsEntry("a", "1");
            assertThat(applied.getMetadata().getManagedFields()).anySatisfy(e -> {
                assertThat(e.getManager()).isEqualTo("f8-manager");
                assertThat(e.getOperation()).isEqualTo("Apply");
            });

            ConfigMap other = new ConfigMapBuilder(cm).withData(Map.of("a", "2")).build();
            assertThatThrownBy(() -> client.resource(other).fieldManager("someone-else").serverSideApply())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409))
                    .hasMessageContaining("conflict with \"f8-manager\"");
            assertThat(client.resource(other).fieldManager("someone-else").forceConflicts().serverSideApply().getData())
                    .containsEntry("a", "2");
        }
    }
}
