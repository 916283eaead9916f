package dev.kube4j.e2e;

import dev.kube4j.apiserver.ApiServerOptions;
import dev.kube4j.apiserver.storage.DatastoreOptions;
import dev.kube4j.store.etcd.EtcdProcess;
import dev.kube4j.store.etcd.EtcdStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The API server on a real single-member etcd: resourceVersions are etcd's revisions, they carry
 * on across a server restart, and the server's compaction of etcd makes old ones 410 Gone.
 */
class EtcdBackendTest {

    private static final String NS = "default";

    private EtcdProcess etcd;
    private TestCluster cluster;

    @BeforeEach
    void startEtcd() {
        etcd = EtcdProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private TestCluster startServer(UnaryOperator<ApiServerOptions> more) throws Exception {
        cluster = TestCluster.start(o -> more.apply(o.withDatastore(DatastoreOptions.etcd(etcd.options()))));
        return cluster;
    }

    @Test
    void resourceVersionsAreEtcdRevisionsAndCarryOnAfterARestart() throws Exception {
        startServer(UnaryOperator.identity());
        long rvA;
        try (KubernetesClient client = cluster.client(); EtcdStore raw = EtcdStore.connect(etcd.options())) {
            rvA = rv(create(client, "a", "1"));
            assertThat(raw.get("/registry/configmaps/default/a").orElseThrow().modRevision()).isEqualTo(rvA);
        }

        cluster.restart();

        try (KubernetesClient client = cluster.client(); EtcdStore raw = EtcdStore.connect(etcd.options())) {
            ConfigMap a = client.configMaps().inNamespace(NS).withName("a").get();
            assertThat(rv(a)).isEqualTo(rvA);
            assertThat(a.getData()).containsEntry("k", "1");
            assertThat(client.namespaces().withName("kube-system").get()).isNotNull();

            long listRv = Long.parseLong(client.configMaps().inNamespace(NS).list().getMetadata().getResourceVersion());
            assertThat(listRv).isGreaterThanOrEqualTo(rvA);
            List<String> events = new CopyOnWriteArrayList<>();
            try (Watch ignored = client.configMaps().inNamespace(NS)
                    .watch(new ListOptionsBuilder().withResourceVersion(Long.toString(listRv)).build(), recorder(events))) {
                long rvB = rv(create(client, "b", "2"));
                assertThat(rvB).isGreaterThan(rvA)
                        .isEqualTo(raw.get("/registry/configmaps/default/b").orElseThrow().modRevision());
                long rvA2 = rv(client.configMaps().inNamespace(NS).withName("a")
                        .edit(c -> new ConfigMapBuilder(c).addToData("k", "3").build()));
                assertThat(rvA2).isGreaterThan(rvB);
                await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 2);
                assertThat(events).containsExactly("ADDED b " + rvB, "MODIFIED a " + rvA2);
            }
        }
    }

    @Test
    void pagesReadEtcdHistoryUntilTheServerCompactsItThenGone() throws Exception {
        startServer(o -> o.withCompactInterval(Duration.ofSeconds(2)));
        try (KubernetesClient client = cluster.client()) {
            for (String name : new String[]{"c0", "c1", "c2"}) {
                create(client, name, "old");
            }
            ConfigMapList first = client.configMaps().inNamespace(NS).list(page(null));
            String token = first.getMetadata().getContinue();
            long listRv = Long.parseLong(first.getMetadata().getResourceVersion());
            assertThat(first.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("c0");

            // The cache moves past the list's revision: the next page comes from etcd's history.
            client.configMaps().inNamespace(NS).withName("c1").edit(c -> new ConfigMapBuilder(c).addToData("k", "new").build());
            ConfigMapList second = client.configMaps().inNamespace(NS).list(page(token));
            assertThat(second.getMetadata().getResourceVersion()).isEqualTo(Long.toString(listRv));
            assertThat(second.getItems()).singleElement().satisfies(c -> {
                assertThat(c.getMetadata().getName()).isEqualTo("c1");
                assertThat(c.getData()).containsEntry("k", "old");
            });

            // Within two compaction intervals etcd's history at that revision is gone.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThatThrownBy(() -> client.configMaps().inNamespace(NS).list(page(token)))
                            .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                                assertThat(e.getCode()).isEqualTo(410);
                                assertThat(e.getMessage()).contains("The provided continue parameter is too old");
                            }));
            ListOptions exact = new ListOptionsBuilder().withResourceVersion(Long.toString(listRv))
                    .withResourceVersionMatch("Exact").build();
            assertThatThrownBy(() -> client.configMaps().inNamespace(NS).list(exact))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(410);
                        assertThat(e.getMessage()).contains("too old resource version");
                    });
            // current state is untouched by compaction
            assertThat(client.configMaps().inNamespace(NS).withName("c1").get().getData()).containsEntry("k", "new");
        }
    }

    private static ListOptions page(String continueToken) {
        return new ListOptionsBuilder().withLimit(1L).withContinue(continueToken).build();
    }

    static ConfigMap create(KubernetesClient client, String name, String value) {
        return client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).endMetadata().withData(Map.of("k", value)).build()).create();
    }

    private static long rv(ConfigMap cm) {
        return Long.parseLong(cm.getMetadata().getResourceVersion());
    }

    private static Watcher<ConfigMap> recorder(List<String> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                events.add(action + " " + cm.getMetadata().getName() + " " + cm.getMetadata().getResourceVersion());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
