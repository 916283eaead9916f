package dev.kube4j.apiserver.watch;

import dev.kube4j.store.Store;
import dev.kube4j.store.embedded.RocksStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchCacheTest {

    @TempDir
    Path dir;
    private Store store;
    private WatchCache cache;

    @BeforeEach
    void open() {
        store = RocksStore.open(dir);
        cache = new WatchCache(store, 5);
        cache.start();
    }

    @AfterEach
    void close() {
        cache.close();
        store.close();
    }

    private long put(String name) {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"ns\",\"labels\":{\"app\":\"x\"}}}";
        return store.create("/registry/configmaps/ns/" + name, json.getBytes(StandardCharsets.UTF_8)).modRevision();
    }

    @Test
    void listIsConsistentWithTheStoreAndStampsResourceVersions() throws Exception {
        long rev = put("a");
        put("b");
        assertThat(cache.awaitStoreRevision(5_000)).isTrue();
        WatchCache.Snapshot snap = cache.list("/registry/configmaps/ns/", null);
        assertThat(snap.items()).extracting(CachedObject::key)
                .containsExactly("/registry/configmaps/ns/a", "/registry/configmaps/ns/b");
        assertThat(snap.items().get(0).object().at("/metadata/resourceVersion").asText()).isEqualTo(Long.toString(rev));
        assertThat(snap.items().get(0).labels()).containsEntry("app", "x");
    }

    @Test
    void writesOutsideTheRegistryAdvanceTheRevisionButAreNotCached() throws Exception {
        put("a");
        // another user of a shared etcd: its revisions count for consistent reads, its keys are not objects
        long other = store.create("/other-app/key", "x".getBytes(StandardCharsets.UTF_8)).modRevision();
        assertThat(cache.awaitStoreRevision(5_000)).isTrue();
        assertThat(cache.revision()).isEqualTo(other);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("/other-app/key")).isNull();
    }

    @Test
    void watchReplaysEventsAfterARevisionThenFollowsLiveOnes() throws Exception {
        long first = put("a");
        put("b");
        assertThat(cache.awaitStoreRevision(5_000)).isTrue();
        try (CacheWatcher w = cache.watch("/registry/configmaps/", first)) {
            put("c");
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CacheEvent e = w.poll(5, TimeUnit.SECONDS);
                assertThat(e).isNotNull();
                seen.add(e.type() + " " + e.key());
            }
            assertThat(seen).containsExactly("ADDED /registry/configmaps/ns/b", "ADDED /registry/configmaps/ns/c");
        }
    }

    @Test
    void aWatchFromBeyondTheHistoryWindowIsTooOld() throws Exception {
        long first = put("w0");
        for (int i = 1; i < 20; i++) {
            put("w" + i);
        }
        assertThat(cache.awaitStoreRevision(5_000)).isTrue();
        assertThatThrownBy(() -> cache.watch("/registry/configmaps/", first))
                .isInstanceOf(TooOldResourceVersionException.class)
                .hasMessageStartingWith("too old resource version: " + first + " (");
        // Recent enough: still fine.
        try (CacheWatcher ok = cache.watch("/registry/configmaps/", cache.revision() - 2)) {
            assertThat(ok.poll(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void deletesCarryTheLastStateWithTheDeleteRevision() throws Exception {
        put("gone");
        long start = store.currentRevision();
        long deleteRev = store.delete("/registry/configmaps/ns/gone", 0).revision();
        assertThat(cache.awaitStoreRevision(5_000)).isTrue();
        try (CacheWatcher w = cache.watch("/registry/configmaps/", start)) {
            CacheEvent e = w.poll(5, TimeUnit.SECONDS);
            assertThat(e.type()).isEqualTo(CacheEvent.Type.DELETED);
            assertThat(e.object().object().at("/metadata/resourceVersion").asText()).isEqualTo(Long.toString(deleteRev));
            assertThat(cache.get("/registry/configmaps/ns/gone")).isNull();
        }
    }
}
