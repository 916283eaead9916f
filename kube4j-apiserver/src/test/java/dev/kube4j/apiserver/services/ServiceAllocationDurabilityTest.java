package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.registry.ObjectCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.kube4j.apiserver.services.ServiceRegistryHarness.clusterIPService;
import static dev.kube4j.apiserver.services.ServiceRegistryHarness.nodePortService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uniqueness under concurrency, exhaustion, restarts and the repair pass. */
class ServiceAllocationDurabilityTest {

    @TempDir
    Path dir;

    /** Creates {@code count} services at once (all released together by a latch); returns the created ones. */
    private static List<ObjectNode> createConcurrently(ServiceRegistryHarness h, int count, List<ApiException> failures) throws Exception {
        ConcurrentLinkedQueue<ObjectNode> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<ApiException> failed = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "svc" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        created.add(h.create(nodePortService(name, "")));
                    } catch (ApiException e) {
                        failed.add(e);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        failures.addAll(failed);
        return new ArrayList<>(created);
    }

    private static void assertDistinct(List<ObjectNode> services) {
        Set<String> ips = new HashSet<>();
        Set<Long> ports = new HashSet<>();
        for (ObjectNode s : services) {
            assertThat(ips.add(s.at("/spec/clusterIP").asText())).as("duplicate IP " + s.at("/spec/clusterIP")).isTrue();
            assertThat(ports.add(s.at("/spec/ports/0/nodePort").asLong())).as("duplicate port").isTrue();
        }
    }

    @Test
    void concurrentCreatesNeverShareAnIPOrANodePort() throws Exception {
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16")) {
            List<ApiException> failures = new ArrayList<>();
            List<ObjectNode> created = createConcurrently(h, 200, failures);
            assertThat(failures).isEmpty();
            assertThat(created).hasSize(200);
            assertDistinct(created);
            assertThat(h.allocator.ips().table().all()).hasSize(200);
            assertThat(h.allocator.ports().table().all()).hasSize(200);
        }
    }

    @Test
    void concurrentCreatesOnATinyRangeFillItExactlyAndTheRestGetUpstreamsError() throws Exception {
        // /27: 30 usable addresses; 30002-30041: 40 ports. 60 creates race for them.
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/27", "30002-30041",
                Duration.ofMinutes(1), Clock.systemUTC())) {
            List<ApiException> failures = new ArrayList<>();
            List<ObjectNode> created = createConcurrently(h, 60, failures);
            assertThat(created).hasSize(30);
            assertDistinct(created);
            assertThat(failures).hasSize(30).allSatisfy(e -> {
                assertThat(e.code()).isEqualTo(500);
                assertThat(e.getMessage()).isEqualTo("Internal error occurred: failed to allocate a serviceIP: range is full");
            });
            // No failed create kept a node port.
            assertThat(h.allocator.ports().table().all()).hasSize(30);
        }
    }

    @Test
    void aFullRangeGivesUpstreamsErrorAndADeleteMakesRoom() {
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/29", "30000-30001",
                Duration.ofMinutes(1), Clock.systemUTC())) {
            // /29: .1 to .6; no reserved band in ranges of 16 or fewer.
            for (int i = 0; i < 6; i++) {
                h.create(clusterIPService("s" + i, ""));
            }
            assertThatThrownBy(() -> h.create(clusterIPService("full", "")))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(500))
                    .hasMessage("Internal error occurred: failed to allocate a serviceIP: range is full");
            String freed = h.get("s3").at("/spec/clusterIP").asText();
            h.delete("s3");
            assertThat(h.create(clusterIPService("again", "")).at("/spec/clusterIP").asText()).isEqualTo(freed);
            // Node ports: two in the range, the third NodePort service finds none.
            h.delete("s0");
            h.delete("s1");
            h.delete("s2");
            h.create(nodePortService("np0", ""));
            h.create(nodePortService("np1", ""));
            assertThatThrownBy(() -> h.create(nodePortService("np2", "")))
                    .hasMessage("Internal error occurred: failed to allocate a nodePort: range is full");
        }
    }

    @Test
    void allocationsSurviveARestart() {
        String ip;
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16")) {
            ip = h.create(nodePortService("a", "nodePort: 30080")).at("/spec/clusterIP").asText();
        }
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16")) {
            assertThatThrownBy(() -> h.create(clusterIPService("b", ip))).hasMessageContaining("provided IP is already allocated");
            assertThatThrownBy(() -> h.create(nodePortService("c", "nodePort: 30080"))).hasMessageContaining("provided port is already allocated");
        }
    }

    @Test
    void repairRecordsServicesWithoutRecordsAndFreesRecordsWithoutServices() {
        Instant now = Instant.parse("2025-01-01T00:10:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16", "30000-32767", Duration.ofMinutes(1), clock)) {
            ObjectNode svc = h.create(nodePortService("a", "nodePort: 30080"));
            String ip = svc.at("/spec/clusterIP").asText();
            // A crash lost a's records (as data written before allocation records existed) ...
            h.store.delete(h.allocator.ips().table().key(ip), 0);
            h.store.delete(h.allocator.ports().table().key("30080"), 0);
            // ... and left records behind for a service that never got written: one old, one fresh.
            Owner ghost = new Owner("default", "ghost", "uid-ghost");
            h.store.create(h.allocator.ips().table().key("10.43.0.20"), AllocationRecord.encode(ghost, now.minusSeconds(120)));
            h.store.create(h.allocator.ports().table().key("30099"), AllocationRecord.encode(ghost, now.minusSeconds(120)));
            h.store.create(h.allocator.ports().table().key("30098"), AllocationRecord.encode(ghost, now.minusSeconds(5)));

            AllocationRepair.Result result = new AllocationRepair(h.store, h.allocator).run();

            assertThat(result.recorded()).isEqualTo(2);
            assertThat(result.released()).isEqualTo(2);
            assertThat(h.allocator.ips().table().read(ip).orElseThrow().owner().name()).isEqualTo("a");
            assertThat(h.allocator.ports().table().read("30080").orElseThrow().owner().name()).isEqualTo("a");
            assertThat(h.allocator.ips().table().read("10.43.0.20")).isEmpty();
            assertThat(h.allocator.ports().table().read("30099")).isEmpty();
            // Too young to tell from a create still in flight: kept for a later pass.
            assertThat(h.allocator.ports().table().read("30098")).isPresent();
            // A second pass has nothing to do.
            assertThat(new AllocationRepair(h.store, h.allocator).run()).isEqualTo(new AllocationRepair.Result(0, 0, 0));
        }
    }

    @Test
    void aRequestedValueHeldOnlyByAStaleRecordIsTakenOver() {
        Instant now = Instant.parse("2025-01-01T00:10:00Z");
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16", "30000-32767", Duration.ofMinutes(1),
                Clock.fixed(now, ZoneOffset.UTC))) {
            // The service was deleted but the release was lost (crash).
            h.store.create(h.allocator.ports().table().key("30080"),
                    AllocationRecord.encode(new Owner("default", "gone", "uid-gone"), now.minusSeconds(600)));
            assertThat(h.create(nodePortService("b", "nodePort: 30080")).at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
            assertThat(h.allocator.ports().table().read("30080").orElseThrow().owner().name()).isEqualTo("b");
        }
    }

    @Test
    void aChangedServiceCidrKeepsExistingIPsAndAllocatesFromTheNewRange() {
        String oldIP;
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16")) {
            oldIP = h.create(clusterIPService("a", "")).at("/spec/clusterIP").asText();
        }
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.44.0.0/16")) {
            AllocationRepair.Result result = new AllocationRepair(h.store, h.allocator).run();
            assertThat(result.released()).isZero();
            assertThat(h.allocator.ips().table().read(oldIP)).isPresent();
            // Updating the old service keeps its IP; new services come from the new range.
            ObjectNode a = h.get("a").deepCopy();
            a.with("metadata").putObject("labels").put("touched", "yes");
            assertThat(h.update(a).at("/spec/clusterIP").asText()).isEqualTo(oldIP);
            assertThat(h.create(clusterIPService("b", "")).at("/spec/clusterIP").asText()).startsWith("10.44.");
            h.delete("a");
            assertThat(h.allocator.ips().table().read(oldIP)).isEmpty();
        }
    }

    @Test
    void recordsAreReadableJson() throws Exception {
        try (ServiceRegistryHarness h = new ServiceRegistryHarness(dir, "10.43.0.0/16")) {
            h.create(clusterIPService("a", "10.43.0.7"));
            byte[] raw = h.store.get("/registry/ranges/serviceips/10.43.0.7").orElseThrow().value();
            var json = ObjectCodec.JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            assertThat(json.at("/parentRef/name").asText()).isEqualTo("a");
            assertThat(json.at("/parentRef/namespace").asText()).isEqualTo("default");
        }
    }
}
