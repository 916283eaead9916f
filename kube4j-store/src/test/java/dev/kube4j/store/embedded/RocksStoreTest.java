package dev.kube4j.store.embedded;

import dev.kube4j.store.CompactedException;
import dev.kube4j.store.RecordingListener;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.WatchEvent;
import dev.kube4j.store.WatchListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour specific to the RocksDB implementation. */
class RocksStoreTest {

    @TempDir
    Path dir;

    @Test
    void slowWatchIsEndedWhenItsBacklogExceedsTheLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener closes = new RecordingListener();
        WatchListener stuck = new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onClose(Throwable cause) {
                closes.onClose(cause);
            }
        };
        try (RocksStore store = RocksStore.open(dir, RocksStoreSettings.defaults().withWatchBacklogLimit(5))) {
            store.watch("", 0, stuck);
            for (int i = 0; i < 10; i++) {
                store.create("/k" + i, bytes("v"));
            }
            assertThat(store.watchCount()).isZero();
            release.countDown();
            assertThat(closes.awaitClose()).isTrue();
            assertThat(closes.closeCause()).isInstanceOf(StoreException.class).hasMessageContaining("fell too far behind");
        }
    }

    @Test
    void historyReadThatNoLongerStartsAtItsRevisionReportsCompaction() {
        try (RocksStore store = RocksStore.open(dir)) {
            for (int i = 0; i < 5; i++) {
                store.create("/k" + i, bytes("v"));
            }
            store.compact(3);
            HistoryReader history = store.history();
            assertThat(history.read(4, 5, 10)).extracting(WatchEvent::revision).containsExactly(4L, 5L);
            assertThat(history.read(4, 5, 1)).extracting(WatchEvent::revision).containsExactly(4L);
            assertThatThrownBy(() -> history.read(2, 5, 10))
                    .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactedRevision()).isEqualTo(3));
        }
    }

    @Test
    void closedStoreRejectsCalls() {
        RocksStore store = RocksStore.open(dir);
        store.create("/a", bytes("1"));
        store.close();
        store.close(); // idempotent
        assertThatThrownBy(() -> store.create("/b", bytes("1"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.rangePrefix("")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.watch("", 0, new RecordingListener())).isInstanceOf(StoreException.class);
    }

    @Test
    void codecRoundTripsEvents() {
        var kv = new dev.kube4j.store.KeyValue("/é/k", bytes("value"), 3, 7, 2);
        var prev = new dev.kube4j.store.KeyValue("/é/k", new byte[0], 3, 5, 1);
        WatchEvent put = new WatchEvent(WatchEvent.Type.PUT, kv, prev);
        WatchEvent decoded = StoreCodec.decodeEvent(StoreCodec.encodeEvent(put));
        assertThat(decoded.type()).isEqualTo(WatchEvent.Type.PUT);
        assertThat(decoded.kv()).usingRecursiveComparison().isEqualTo(kv);
        assertThat(decoded.prevKv()).usingRecursiveComparison().isEqualTo(prev);

        WatchEvent delete = new WatchEvent(WatchEvent.Type.DELETE, new dev.kube4j.store.KeyValue("/k", null, 0, 9, 0), kv);
        WatchEvent decodedDelete = StoreCodec.decodeEvent(StoreCodec.encodeEvent(delete));
        assertThat(decodedDelete.kv().value()).isNull();
        assertThat(decodedDelete.revision()).isEqualTo(9);

        WatchEvent create = new WatchEvent(WatchEvent.Type.PUT, kv, null);
        assertThat(StoreCodec.decodeEvent(StoreCodec.encodeEvent(create)).isCreate()).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
