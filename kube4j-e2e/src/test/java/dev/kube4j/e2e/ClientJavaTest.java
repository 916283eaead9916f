package dev.kube4j.e2e;

import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official Kubernetes Java client ({@code io.kubernetes:client-java}, OkHttp and Gson, its own
 * kubeconfig and certificate handling): list, watch, informer, create, the four patch types through
 * {@link PatchUtils}, delete, and custom resources through the dynamic API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientJavaTest {

    @RegisterExtension
    static final CompatibilityLog LOG = new CompatibilityLog("client-java",
            CompatibilityLog.mavenVersion("io.kubernetes", "client-java"));

    private TestCluster cluster;
    private ApiClient client;
    private CoreV1Api core;
    private AppsV1Api apps;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start();
        try (Reader r = Files.newBufferedReader(cluster.kubeconfig())) {
            // No read timeout: watches stay open until the server ends them.
            client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).setReadTimeout(Duration.ZERO).build();
        }
        core = new CoreV1Api(client);
        apps = new AppsV1Api(client);
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.getHttpClient().dispatcher().executorService().shutdownNow();
            client.getHttpClient().connectionPool().evictAll();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void listsNamespacesAndPods() throws Exception {
        assertThat(core.listNamespace().execute().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("default", "kube-system", "kube-public", "kube-node-lease");
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("cj-list"))).execute();
        core.createNamespacedPod("cj-list", new V1Pod().metadata(new V1ObjectMeta().name("p1").putLabelsItem("app", "a"))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("c").image("busybox")))).execute();
        List<V1Pod> pods = core.listNamespacedPod("cj-list").labelSelector("app=a").execute().getItems();
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("p1");
        // Defaults came back through Gson's model: the server's defaulting is visible to this client.
        assertThat(pods.getFirst().getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(pods.getFirst().getSpec().getContainers().getFirst().getImagePullPolicy()).isEqualTo("Always");
        assertThat(core.listPodForAllNamespaces().execute().getItems()).hasSizeGreaterThanOrEqualTo(1);
    }

    @Test
    void configMapThroughCreatePatchesAndDelete() throws Exception {
        String ns = "default";
        V1ConfigMap cm = core.createNamespacedConfigMap(ns, new V1ConfigMap()
                .metadata(new V1ObjectMeta().name("cj-settings").putLabelsItem("app", "demo"))
                .putDataItem("mode", "dev").putDataItem("level", "3")).execute();
        assertThat(cm.getMetadata().getUid()).isNotBlank();

        patchConfigMap("cj-settings", "{\"data\":{\"mode\":\"prod\"}}", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH);
        patchConfigMap("cj-settings", "[{\"op\":\"remove\",\"path\":\"/data/level\"}]",
                V1Patch.PATCH_FORMAT_JSON_PATCH);
        V1ConfigMap merged = patchConfigMap("cj-settings", "{\"data\":{\"extra\":\"x\"}}",
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH);
        assertThat(merged.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("mode", "prod", "extra", "x"));

        core.deleteNamespacedConfigMap("cj-settings", ns).execute();
        assertThatThrownBy(() -> core.readNamespacedConfigMap("cj-settings", ns).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("configmaps \\\"cj-settings\\\" not found");
                });
    }

    @Test
    void deploymentWithStrategicMergeAndServerSideApply() throws Exception {
        V1Deployment created = apps.createNamespacedDeployment("default", new V1Deployment()
                .metadata(new V1ObjectMeta().name("cj-web"))
                .spec(new V1DeploymentSpec().selector(new V1LabelSelector().putMatchLabelsItem("app", "cj-web"))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().putLabelsItem("app", "cj-web"))
                                .spec(new V1PodSpec()
                                        .addContainersItem(new V1Container().name("nginx").image("nginx:1.23"))
                                        .addContainersItem(new V1Container().name("sidecar").image("busybox")))))).execute();
        assertThat(created.getSpec().getReplicas()).isEqualTo(1);
        assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

        // Strategic merge: the container list merges by name, the sidecar stays.
        V1Deployment smp = PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment("cj-web", "default",
                        new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"}]}}}}"))
                .buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
        assertThat(smp.getSpec().getTemplate().getSpec().getContainers())
                .extracting(V1Container::getName, V1Container::getImage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nginx", "nginx:1.25"),
                        org.assertj.core.groups.Tuple.tuple("sidecar", "busybox"));

        // Server-side apply creates what is missing; a second manager changing an owned field conflicts
        // unless it forces.
        String applied = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"cj-applied"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"cj-applied"}},
                  "template":{"metadata":{"labels":{"app":"cj-applied"}},
                   "spec":{"containers":[{"name":"nginx","image":"nginx:1.23"}]}}}}""";
        V1Deployment ssa = apply("cj-applied", applied, "cj-manager", false);
        assertThat(ssa.getSpec().getReplicas()).isEqualTo(3);
        // (This client's model drops managedFields when it reads objects: the conflict below shows the
        // Apply entry the server recorded.)
        String other = applied.replace("\"replicas\":3", "\"replicas\":5");
        assertThatThrownBy(() -> apply("cj-applied", other, "cj-other", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getResponseBody()).contains("Apply failed with 1 conflict: conflict with \\\"cj-manager\\\"")
                            .contains(".spec.replicas");
                });
        assertThat(apply("cj-applied", other, "cj-other", true).getSpec().getReplicas()).isEqualTo(5);

        apps.deleteNamespacedDeployment("cj-web", "default").execute();
        apps.deleteNamespacedDeployment("cj-applied", "default").execute();
        assertThat(apps.listNamespacedDeployment("default").execute().getItems())
                .extracting(d -> d.getMetadata().getName()).doesNotContain("cj-web", "cj-applied");
    }

    @Test
    void watchSeesAddedModifiedDeleted() throws Exception {
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("cj-watch"))).execute();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                core.listNamespacedConfigMap("cj-watch").watch(true).timeoutSeconds(30).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            Thread reader = Thread.ofVirtual().start(() -> {
                for (Watch.Response<V1ConfigMap> event : watch) {
                    events.add(event.type + " " + event.object.getMetadata().getName());
                    if (event.type.equals("DELETED")) {
                        return;
                    }
                }
            });
            core.createNamespacedConfigMap("cj-watch", new V1ConfigMap().metadata(new V1ObjectMeta().name("w"))
                    .putDataItem("a", "1")).execute();
            PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("w", "cj-watch",
                    new V1Patch("{\"data\":{\"a\":\"2\"}}")).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
            core.deleteNamespacedConfigMap("w", "cj-watch").execute();
            reader.join(Duration.ofSeconds(30));
        }
        assertThat(events).containsExactly("ADDED w", "MODIFIED w", "DELETED w");
    }

    @Test
    void informerListsThenWatches() throws Exception {
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("cj-informer"))).execute();
        core.createNamespacedConfigMap("cj-informer", new V1ConfigMap().metadata(new V1ObjectMeta().name("before")))
                .execute();
        SharedInformerFactory factory = new SharedInformerFactory(client);
        SharedIndexInformer<V1ConfigMap> informer = factory.sharedIndexInformerFor(
                params -> core.listNamespacedConfigMap("cj-informer").resourceVersion(params.resourceVersion)
                        .watch(params.watch).timeoutSeconds(params.timeoutSeconds).buildCall(null),
                V1ConfigMap.class, V1ConfigMapList.class);
        List<String> added = new CopyOnWriteArrayList<>();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1ConfigMap obj) {
                added.add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) {
            }

            @Override
            public void onDelete(V1ConfigMap obj, boolean deletedFinalStateUnknown) {
            }
        });
        factory.startAllRegisteredInformers();
        try {
            await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);
            core.createNamespacedConfigMap("cj-informer", new V1ConfigMap().metadata(new V1ObjectMeta().name("after")))
                    .execute();
            await().atMost(Duration.ofSeconds(20)).until(() -> added.contains("after"));
            assertThat(added).containsExactly("before", "after");
        } finally {
            factory.stopAllRegisteredInformers();
        }
    }

    @Test
    void customResourceThroughTheDynamicApi() throws Exception {
        Path work = Seeds.copy("network-crd.yaml");
        V1CustomResourceDefinition crd = Yaml.loadAs(work.resolve("network-crd.yaml").toFile(),
                V1CustomResourceDefinition.class);
        ApiextensionsV1Api extensions = new ApiextensionsV1Api(client);
        extensions.createCustomResourceDefinition(crd).execute();
        await().atMost(Duration.ofSeconds(20)).until(() -> extensions
                .readCustomResourceDefinition("networks.samplecrd.k8s.io").execute().getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")));

        DynamicKubernetesApi networks = new DynamicKubernetesApi("samplecrd.k8s.io", "v1", "networks", client);
        DynamicKubernetesObject example = new DynamicKubernetesObject(JsonParser.parseString("""
                {"apiVersion":"samplecrd.k8s.io/v1","kind":"Network",
                 "metadata":{"name":"example-network","namespace":"default"},
                 "spec":{"cidr":"192.168.0.0/16","gateway":"192.168.0.1"}}""").getAsJsonObject());
        // The CRD's resources appear a moment after Established in this client's view too.
        KubernetesApiResponse<DynamicKubernetesObject> created = await().atMost(Duration.ofSeconds(20))
                .until(() -> networks.create(example), r -> r.getHttpStatusCode() != 404);
        assertThat(created.isSuccess()).as("%s", created.getStatus()).isTrue();

        KubernetesApiResponse<DynamicKubernetesObject> got = networks.get("default", "example-network").throwsApiException();
        assertThat(got.getObject().getRaw().getAsJsonObject("spec").get("cidr").getAsString()).isEqualTo("192.168.0.0/16");
        // Defaulted from the CRD's schema.
        assertThat(got.getObject().getRaw().getAsJsonObject("spec").get("mtu").getAsInt()).isEqualTo(1500);
        assertThat(networks.list("default").throwsApiException().getObject().getItems())
                .extracting(o -> o.getMetadata().getName()).containsExactly("example-network");
        assertThat(networks.delete("default", "example-network").isSuccess()).isTrue();
    }

    private V1ConfigMap patchConfigMap(String name, String body, String format) throws ApiException {
        return PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap(name, "default", new V1Patch(body))
                .buildCall(null), format, client);
    }

    private V1Deployment apply(String name, String body, String manager, boolean force) throws ApiException {
        return PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment(name, "default", new V1Patch(body))
                .fieldManager(manager).force(force).buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
    }
}
