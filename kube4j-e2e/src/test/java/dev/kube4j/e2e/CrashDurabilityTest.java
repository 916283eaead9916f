package dev.kube4j.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients write continuously; the server is killed with SIGKILL and restarted. Every write
 * that got a 2xx must be there, whole, and revisions must continue upwards.
 */
class CrashDurabilityTest {

    private static final int WRITERS = 8;

    @Test
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        Path dir = Files.createTempDirectory("kube4j-crash");
        int port = ServerProcess.freePort();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicLong highestRv = new AtomicLong();
        try (ServerProcess server = new ServerProcess(dir, port).start()) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try (KubernetesClient client = server.client()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    pool.submit(() -> {
                        // Bounded: at most 5,000 writes per writer, and the test stops them after the kill.
                        for (int i = 0; i < 5_000 && !stop.get(); i++) {
                            String name = "w" + writer + "-" + i;
                            String payload = name + ":" + "x".repeat(200 + (i % 50));
                            try {
                                ConfigMap created = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                                        .withNewMetadata().withName(name).endMetadata()
                                        .addToData("payload", payload).build()).create();
                                acknowledged.put(name, payload);
                                highestRv.accumulateAndGet(Long.parseLong(created.getMetadata().getResourceVersion()), Math::max);
                            } catch (RuntimeException e) {
                                // After the kill every request fails; nothing was acknowledged.
                            }
                        }
                    });
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                server.kill();
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                pool.shutdownNow();
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

            server.start();
            try (KubernetesClient client = server.client()) {
                Map<String, String> stored = new java.util.HashMap<>();
                for (ConfigMap cm : client.configMaps().inNamespace("default").list().getItems()) {
                    if (cm.getMetadata().getName().equals("kube-root-ca.crt")) {
                        continue; // published in every namespace by the root CA controller
                    }
                    stored.put(cm.getMetadata().getName(), cm.getData() == null ? null : cm.getData().get("payload"));
                }
                for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                    assertThat(stored).as("acknowledged write %s", e.getKey()).containsEntry(e.getKey(), e.getValue());
                }
                // Nothing half-written: every stored object is complete.
                stored.forEach((name, payload) -> assertThat(payload).startsWith(name + ":"));
                ConfigMap after = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                        .withNewMetadata().withName("after-restart").endMetadata().build()).create();
                assertThat(Long.parseLong(after.getMetadata().getResourceVersion())).isGreaterThan(highestRv.get());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
