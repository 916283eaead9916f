package dev.kube4j.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fabric8 client, as every kube4j component uses it: CRUD, watch, informers. */
class Fabric8ClientTest {

    @RegisterExtension
    static final CompatibilityLog LOG = new CompatibilityLog("fabric8",
            CompatibilityLog.mavenVersion("io.fabric8", "kubernetes-client"));

    private TestCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start();
        client = connect();
    }

    private KubernetesClient connect() throws Exception {
        return cluster.client();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void crudOnConfigMapsAndDeployments() {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("settings").addToLabels("app", "demo").endMetadata()
                .addToData("k", "v").build()).create();
        assertThat(cm.getMetadata().getUid()).isNotBlank();
        assertThat(cm.getMetadata().getResourceVersion()).isNotBlank();

        ConfigMap edited = client.configMaps().inNamespace("default").withName("settings")
                .edit(c -> new ConfigMapBuilder(c).addToData("k2", "v2").build());
        assertThat(edited.getData()).containsEntry("k2", "v2");
        assertThat(Long.parseLong(edited.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(cm.getMetadata().getResourceVersion()));

        // A stale resourceVersion is refused with 409 Conflict.
        cm.getData().put("k", "stale");
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(cm).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        assertThat(client.configMaps().inNamespace("default").withLabel("app", "demo").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("settings");

        Deployment d = client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.23").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");

        client.apps().deployments().inNamespace("default").withName("web").scale(3);
        assertThat(client.apps().deployments().inNamespace("default").withName("web").get().getSpec().getReplicas())
                .isEqualTo(3);

        assertThat(client.configMaps().inNamespace("default").withName("settings").delete()).hasSize(1);
        assertThat(client.configMaps().inNamespace("default").withName("settings").get()).isNull();
    }

    @Test
    void watchDeliversEveryEvent() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.configMaps().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            for (int i = 0; i < 20; i++) {
                client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                        .withNewMetadata().withName("cm-" + i).endMetadata().addToData("i", "" + i).build()).create();
            }
            client.configMaps().inNamespace("default").withName("cm-3").edit(c -> {
                c.getData().put("x", "y");
                return c;
            });
            client.configMaps().inNamespace("default").withName("cm-4").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 22);
        }
        assertThat(events).contains("ADDED cm-0", "ADDED cm-19", "MODIFIED cm-3", "DELETED cm-4");
    }

    @Test
    void informerStaysInSyncAcrossServerRestart() throws Exception {
        Map<String, Pod> seen = new java.util.concurrent.ConcurrentHashMap<>();
        SharedIndexInformer<Pod> informer = client.pods().inNamespace("default").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen.put(pod.getMetadata().getName(), pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                seen.put(newPod.getMetadata().getName(), newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                seen.remove(pod.getMetadata().getName());
            }
        }, 0);
        try {
            informer.run();
            createPod("before");
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey("before"));

            cluster.restart();
            createPod("after");
            client.pods().inNamespace("default").withName("before").delete();
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey("after") && !seen.containsKey("before"));
            assertThat(informer.getStore().list()).extracting(p -> p.getMetadata().getName()).containsExactly("after");
        } finally {
            informer.stop();
        }
    }

    private void createPod(String name) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(200, TimeUnit.MILLISECONDS).ignoreExceptions().until(() -> {
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                    .build()).create();
            return true;
        });
    }
}
