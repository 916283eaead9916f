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
 * {@code kubectl explain} renders upstream's descriptions from the served OpenAPI documents, with the
 * newest kubectl and with 1.27 (whose explain still reads the same v3 documents while its
 * validation reads v2 as protobuf).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlExplainTest {

    private TestCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<Path> kubectls() {
        return List.of(Kubectl.DEFAULT, Kubectl.SDK_DIR.resolve("kubectl.1.27"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void recursiveFieldTreeWithDescription(Path binary) {
        assumeTrue(Files.isExecutable(binary), binary + " is not installed");
        String out = cluster.kubectl(binary).run("explain", "deployment.spec.strategy", "--recursive").ok().out();
        assertThat(out).startsWith("""
                GROUP:      apps
                KIND:       Deployment
                VERSION:    v1

                FIELD: strategy <DeploymentStrategy>
                """);
        // The field's own text is missing from the source of descriptions; it carries its type's
        // text, which kubectl prints again for the type (upstream prints the field's, then the type's).
        assertThat(out).containsPattern("FIELD: strategy <DeploymentStrategy>\n+DESCRIPTION:\n"
                + "    DeploymentStrategy describes how to replace existing pods with new ones.\n");
        assertThat(out).contains("""
                FIELDS:
                  rollingUpdate\t<RollingUpdateDeployment>
                    maxSurge\t<IntOrString>
                    maxUnavailable\t<IntOrString>
                  type\t<string>
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void fieldWithUpstreamDescriptionsOfItsFields(Path binary) {
        assumeTrue(Files.isExecutable(binary), binary + " is not installed");
        String out = cluster.kubectl(binary).run("explain", "pod.spec.containers").ok().out();
        assertThat(out).startsWith("""
                KIND:       Pod
                VERSION:    v1

                FIELD: containers <[]Container>
                """);
        // upstream's words: the field's text, then its item type's
        assertThat(out).contains("""
                DESCRIPTION:
                    List of containers belonging to the pod. Containers cannot currently be
                    added or removed. There must be at least one container in a Pod. Cannot be
                    updated.
                    A single application container that you want to run within a pod.
                """);
        assertThat(out).contains("""
                  image\t<string>
                    Container image name. More info:
                    https://kubernetes.io/docs/concepts/containers/images This field is optional
                """);
        assertThat(out).contains("""
                  resources\t<ResourceRequirements>
                    ResourceRequirements describes the compute resource requirements.
                """);
        assertThat(out).contains("  name\t<string> -required-\n");
        assertThat(out).doesNotContain("<no description>");
    }
}
