package dev.kube4j.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CustomResourceDefinitions with the real kubectl and fabric8: the seed's Network and EtcdCluster
 * CRDs are established and served without a restart, with schema validation, pruning, defaults,
 * printer columns, status and scale subresources, explain, and cleanup when the CRD goes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomResourceAcceptanceTest {

    private TestCluster cluster;
    private Kubectl kubectl;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.DEFAULT), "kubectl is not installed");
        cluster = TestCluster.startWithControllers();
        kubectl = cluster.kubectl();
        work = Seeds.copy("network-crd.yaml", "example-network.yaml", "etcdcluster-crd.yaml", "example-etcd-cluster.yaml");
        kubectl.run("apply", "-f", file("network-crd.yaml"), "-f", file("etcdcluster-crd.yaml")).ok();
        kubectl.run("wait", "--for=condition=Established", "crd/networks.samplecrd.k8s.io",
                "crd/etcdclusters.etcd.database.coreos.com", "--timeout=30s").ok();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String file(String name) {
        return work.resolve(name).toString();
    }

    @Test
    void theSeedNetworkIsServedWithColumnsDefaultsAndValidation() {
        assertThat(kubectl.run("get", "crd").ok().out())
                .contains("NAME", "CREATED AT", "networks.samplecrd.k8s.io", "etcdclusters.etcd.database.coreos.com");
        assertThat(kubectl.run("get", "crd", "networks.samplecrd.k8s.io", "-o",
                "jsonpath={.status.acceptedNames.kind} {.status.conditions[?(@.type==\"NamesAccepted\")].reason}").ok().out())
                .isEqualTo("Network NoConflicts");
        String resources = kubectl.run("api-resources", "--api-group=samplecrd.k8s.io").ok().out();
        assertThat(resources).containsPattern("networks\\s+net\\s+samplecrd.k8s.io/v1\\s+true\\s+Network");

        assertThat(kubectl.run("apply", "-f", file("example-network.yaml")).ok().out())
                .contains("network.samplecrd.k8s.io/example-network created");
        String table = kubectl.run("get", "networks").ok().out();
        assertThat(table).containsPattern("NAME\\s+CIDR\\s+GATEWAY\\s+AGE")
                .containsPattern("example-network\\s+192.168.0.0/16\\s+192.168.0.1\\s+\\d+s");
        assertThat(table).doesNotContain("MTU");
        assertThat(kubectl.run("get", "net", "-o", "wide").ok().out())
                .containsPattern("NAME\\s+CIDR\\s+GATEWAY\\s+MTU\\s+AGE").containsPattern("example-network.*1500");
        // the schema's default, and the generation of a resource without status subresource
        assertThat(kubectl.run("get", "network", "example-network", "-o",
                "jsonpath={.spec.mtu} {.metadata.generation}").ok().out()).isEqualTo("1500 1");
        assertThat(kubectl.run("describe", "network", "example-network").ok().out())
                .contains("Name:", "example-network", "API Version:  samplecrd.k8s.io/v1", "Kind:         Network",
                        "Cidr:", "192.168.0.0/16");

        kubectl.run("patch", "network", "example-network", "--type=merge", "-p", "{\"spec\":{\"gateway\":\"192.168.0.254\"}}").ok();
        kubectl.run("patch", "network", "example-network", "--type=json",
                "-p", "[{\"op\":\"replace\",\"path\":\"/spec/cidr\",\"value\":\"192.168.1.0/24\"}]").ok();
        assertThat(kubectl.run("get", "network", "example-network", "-o",
                "jsonpath={.spec.cidr} {.spec.gateway} {.metadata.generation}").ok().out())
                .isEqualTo("192.168.1.0/24 192.168.0.254 3");
        Kubectl.Result strategic = kubectl.run("patch", "network", "example-network", "--type=strategic",
                "-p", "{\"spec\":{\"gateway\":\"10.0.0.1\"}}");
        assertThat(strategic.exitCode()).isNotZero();
        assertThat(strategic.err()).contains("the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

        Kubectl.Result invalid = kubectl.runWithInput("""
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata:
                  name: bad
                spec:
                  cidr: "not a cidr"
                  mtu: "big"
                """, "create", "-f", "-");
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.err()).contains("The Network \"bad\" is invalid:",
                "spec.mtu: Invalid value: \"string\": spec.mtu in body must be of type integer: \"string\"",
                "spec.cidr: Invalid value: \"not a cidr\": spec.cidr in body should match '^[0-9.]+/[0-9]+$'");
        Kubectl.Result missing = kubectl.runWithInput("""
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata:
                  name: bad
                spec:
                  mtu: 10
                """, "create", "-f", "-");
        assertThat(missing.err()).contains("spec.cidr: Required value",
                "spec.mtu: Invalid value: 10: spec.mtu in body should be greater than or equal to 68");
    }

    @Test
    void unknownFieldsArePrunedOrRefused() {
        String manifest = """
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata:
                  name: pruned
                spec:
                  cidr: "10.1.0.0/16"
                  colour: blue
                extra: true
                """;
        Kubectl.Result strict = kubectl.runWithInput(manifest, "apply", "--validate=strict", "-f", "-");
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.err()).contains("unknown field \"spec.colour\"");
        Kubectl.Result warned = kubectl.runWithInput(manifest, "create", "--validate=warn", "-f", "-").ok();
        assertThat(warned.err()).contains("unknown field \"spec.colour\"");
        assertThat(kubectl.run("get", "network", "pruned", "-o", "json").ok().out())
                .contains("10.1.0.0/16").doesNotContain("colour").doesNotContain("extra");
    }

    @Test
    void explainReadsTheSchemaFromOpenApi() {
        for (Path binary : List.of(Kubectl.DEFAULT, Kubectl.SDK_DIR.resolve("kubectl.1.27"), Kubectl.SDK_DIR.resolve("kubectl.1.33"))) {
            if (!Files.isExecutable(binary)) {
                continue;
            }
            Kubectl k = cluster.kubectl(binary);
            assertThat(k.run("explain", "networks.spec").ok().out())
                    .as("%s", binary).contains("cidr", "The network's CIDR", "gateway", "mtu");
            assertThat(k.run("get", "etcdclusters", "-n", "kube-public").ok().err()).as("%s", binary).contains("No resources found");
            assertThat(k.run("apply", "--dry-run=server", "-f", file("example-network.yaml")).ok().out())
                    .as("%s", binary).contains("example-network");
        }
    }

    @Test
    void etcdClusterStatusAndScaleSubresources() {
        kubectl.run("apply", "-f", file("example-etcd-cluster.yaml")).ok();
        String name = "etcdcluster/example-etcd-cluster";
        assertThat(kubectl.run("get", "etcd").ok().out())
                .containsPattern("NAME\\s+SIZE\\s+VERSION\\s+PHASE").containsPattern("example-etcd-cluster\\s+3\\s+3.2.13");

        assertThat(kubectl.run("scale", name, "--replicas=5").ok().out()).contains("scaled");
        assertThat(kubectl.run("get", name, "-o", "jsonpath={.spec.size} {.metadata.generation}").ok().out())
                .isEqualTo("5 2");

        // status changes only through /status, and do not bump the generation
        kubectl.run("patch", name, "--type=merge", "-p", "{\"status\":{\"phase\":\"Ignored\"}}").ok();
        kubectl.run("patch", name, "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"phase\":\"Running\",\"size\":5,\"selector\":\"app=etcd\"},\"spec\":{\"size\":9}}").ok();
        assertThat(kubectl.run("get", name, "-o", "jsonpath={.status.phase} {.spec.size} {.metadata.generation}").ok().out())
                .isEqualTo("Running 5 2");
        assertThat(kubectl.run("get", "--raw",
                "/apis/etcd.database.coreos.com/v1beta2/namespaces/default/etcdclusters/example-etcd-cluster/scale").ok().out())
                .contains("\"kind\":\"Scale\"", "\"replicas\":5", "\"selector\":\"app=etcd\"");
        Kubectl.Result negative = kubectl.run("patch", name, "--type=merge", "-p", "{\"spec\":{\"size\":-1}}");
        assertThat(negative.err()).contains("spec.size: Invalid value: -1: spec.size in body should be greater than or equal to 0");
    }

    @Test
    void categoriesPutNetworksInGetAll() {
        kubectl.runWithInput("""
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata:
                  name: in-all
                spec:
                  cidr: "10.9.0.0/16"
                """, "apply", "-f", "-").ok();
        kubectl.run("api-resources").ok(); // refreshes kubectl's discovery cache, as any new resource type does
        assertThat(kubectl.run("get", "all").ok().out()).contains("network.samplecrd.k8s.io/in-all");
    }

    @Test
    void deletingACrdDeletesItsResourcesAndStopsServingThem() {
        kubectl.runWithInput("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  scope: Cluster
                  names: {kind: Widget, plural: widgets}
                  versions:
                  - name: v1beta1
                    served: true
                    storage: false
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s").ok();
        kubectl.runWithInput("""
                apiVersion: example.com/v1beta1
                kind: Widget
                metadata: {name: w1}
                colour: red
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w2}
                """, "apply", "-f", "-").ok();
        // one storage, served in every version (conversion None: only apiVersion changes)
        assertThat(kubectl.run("get", "widgets.v1.example.com", "w1", "-o", "jsonpath={.apiVersion} {.colour}").ok().out())
                .isEqualTo("example.com/v1 red");
        assertThat(kubectl.run("get", "widgets.v1beta1.example.com", "-o", "jsonpath={.items[*].apiVersion}").ok().out())
                .isEqualTo("example.com/v1beta1 example.com/v1beta1");

        assertThat(kubectl.run("delete", "crd", "widgets.example.com").ok().out())
                .contains("customresourcedefinition.apiextensions.k8s.io \"widgets.example.com\" deleted");
        kubectl.run("wait", "--for=delete", "crd/widgets.example.com", "--timeout=30s");
        Kubectl.Result gone = kubectl.run("get", "--raw", "/apis/example.com/v1/widgets");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err()).contains("NotFound");
        assertThat(cluster.server().isReady()).isTrue();
    }

    @Test
    void fabric8GenericResourcesCreateListAndWatch() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            ResourceDefinitionContext networks = new ResourceDefinitionContext.Builder()
                    .withGroup("samplecrd.k8s.io").withVersion("v1").withPlural("networks").withKind("Network")
                    .withNamespaced(true).build();
            List<String> events = new CopyOnWriteArrayList<>();
            try (Watch ignored = client.genericKubernetesResources(networks).inNamespace("default").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                GenericKubernetesResource net = new GenericKubernetesResourceBuilder()
                        .withApiVersion("samplecrd.k8s.io/v1").withKind("Network")
                        .withNewMetadata().withName("from-fabric8").endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("cidr", "172.16.0.0/12")))
                        .build();
                GenericKubernetesResource created = client.genericKubernetesResources(networks).inNamespace("default")
                        .resource(net).create();
                assertThat(((Map<?, ?>) created.getAdditionalProperties().get("spec")).get("mtu")).isEqualTo(1500);
                assertThat(client.genericKubernetesResources(networks).inNamespace("default").list().getItems())
                        .extracting(r -> r.getMetadata().getName()).contains("from-fabric8");
                await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED from-fabric8"));
            }
        }
    }

    @Test
    void crdsSurviveARestartAndNamespaceDeletionTakesTheirObjects() throws Exception {
        kubectl.runWithInput("""
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata: {name: durable}
                spec: {cidr: "10.8.0.0/16"}
                """, "apply", "-f", "-").ok();
        cluster.restart();
        assertThat(kubectl.run("get", "network", "durable", "-o", "jsonpath={.spec.cidr}").ok().out()).isEqualTo("10.8.0.0/16");

        kubectl.run("create", "namespace", "lab").ok();
        kubectl.runWithInput("""
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata: {name: lab-net, namespace: lab}
                spec: {cidr: "10.7.0.0/16"}
                """, "apply", "-f", "-").ok();
        kubectl.run("delete", "namespace", "lab", "--timeout=30s").ok();
        assertThat(kubectl.run("get", "networks", "-n", "lab").ok().err()).contains("No resources found");
    }
}
