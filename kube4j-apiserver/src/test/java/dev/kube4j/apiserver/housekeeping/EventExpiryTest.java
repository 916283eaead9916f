package dev.kube4j.apiserver.housekeeping;

import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.Store;
import dev.kube4j.store.embedded.RocksStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class EventExpiryTest {

    @TempDir
    Path dir;

    private static byte[] event(String name, String lastTimestamp) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\","
                + "\"creationTimestamp\":\"2026-11-24T08:00:00Z\"},\"lastTimestamp\":\"" + lastTimestamp + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsOlderThanTheTtlSinceTheirLastWriteAreDeleted() throws Exception {
        try (Store store = RocksStore.open(dir); WatchCache cache = new WatchCache(store, 100)) {
            cache.start();
            store.create("/registry/events/ns/old", event("old", "2026-11-24T08:30:00Z"));
            store.create("/registry/events/ns/repeated", event("repeated", "2026-11-24T09:45:00Z"));
            store.create("/registry/configmaps/ns/old", event("not-an-event", "2026-11-24T08:30:00Z"));
            assertThat(cache.awaitStoreRevision(5_000)).isTrue();

            Clock now = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
            new EventExpiry(store, cache, Duration.ofHours(1), now).run();

            assertThat(store.get("/registry/events/ns/old")).isEmpty();
            assertThat(store.get("/registry/events/ns/repeated")).isPresent();
            assertThat(store.get("/registry/configmaps/ns/old")).isPresent();
        }
    }
}
