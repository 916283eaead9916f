package dev.kube4j.e2e;

import dev.kube4j.apiserver.storage.DatastoreOptions;
import dev.kube4j.store.etcd.EtcdProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API server on a three-member etcd loses the leader (SIGKILL) while fabric8 clients create
 * objects: the API keeps answering, and every create it acknowledged is readable afterwards.
 */
class EtcdMemberLossTest {

    private static final int WRITERS = 4;

    @Test
    void everyAcknowledgedWriteSurvivesLosingTheLeader() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start(3);
             TestCluster cluster = TestCluster.start(o -> o.withDatastore(
                     DatastoreOptions.etcd(etcd.options().withRequestTimeout(Duration.ofSeconds(5)))));
             KubernetesClient client = cluster.client()) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.submit(() -> {
                        for (int i = 0; !stop.get() && System.nanoTime() < deadline; i++) {
                            String name = "w" + writer + "-" + i;
                            try {
                                EtcdBackendTest.create(client, name, "v");
                                acknowledged.add(name);
                            } catch (RuntimeException e) { // not acknowledged: may or may not exist
                                failed.incrementAndGet();
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(15)).until(() -> acknowledged.size() >= 50);
                etcd.leader().kill();
                int atKill = acknowledged.size();
                // the API keeps answering: creates succeed again on the remaining quorum
                await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= atKill + 50);
                stop.set(true);
            }

            for (String name : acknowledged) {
                assertThat(client.configMaps().inNamespace("default").withName(name).get()).as(name).isNotNull();
            }
            Set<String> listed = client.configMaps().inNamespace("default").list().getItems().stream()
                    .map(ConfigMap::getMetadata).map(m -> m.getName()).collect(Collectors.toSet());
            assertThat(listed).containsAll(acknowledged);
            System.out.printf("member loss: %d creates acknowledged, %d failed%n", acknowledged.size(), failed.get());
        }
    }
}
