package dev.kube4j.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The semantics of {@link Store}, written once and run against every implementation.
 */
public abstract class StoreContractTest {

    @TempDir
    protected Path dir;
    protected Store store;

    /** Opens (or reopens) the implementation on {@code dir}. */
    protected abstract Store open(Path dir);

    /**
     * The revision of an empty store: 0 for the embedded store, 1 for etcd (whose first write gets
     * revision 2). Every expected revision below is counted from it, so the contract still pins
     * consecutive revisions, one per write, without pinning etcd's starting point.
     */
    protected long initialRevision() {
        return 0;
    }

    /** The revision of the {@code n}-th write to an empty store. */
    protected final long rev(long n) {
        return initialRevision() + n;
    }

    @BeforeEach
    void openStore() {
        store = open(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected void reopen() {
        store.close();
        store = open(dir);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> keys(RangeResult r) {
        return r.kvs().stream().map(KeyValue::key).toList();
    }

    // ---- revisions and writes

    @Test
    void emptyStoreStartsAtRevisionZero() {
        assertThat(store.currentRevision()).isEqualTo(rev(0));
        assertThat(store.compactedRevision()).isZero();
        assertThat(store.get("/a")).isEmpty();
        RangeResult all = store.rangePrefix("");
        assertThat(all.kvs()).isEmpty();
        assertThat(all.revision()).isEqualTo(rev(0));
        assertThat(all.more()).isFalse();
    }

    @Test
    void createAssignsConsecutiveRevisions() {
        KeyValue a = store.create("/a", bytes("1"));
        KeyValue b = store.create("/b", bytes("2"));
        assertThat(a).extracting(KeyValue::createRevision, KeyValue::modRevision, KeyValue::version)
                .containsExactly(rev(1), rev(1), 1L);
        assertThat(b.modRevision()).isEqualTo(rev(2));
        assertThat(store.currentRevision()).isEqualTo(rev(2));
        KeyValue read = store.get("/a").orElseThrow();
        assertThat(text(read.value())).isEqualTo("1");
        assertThat(read.modRevision()).isEqualTo(rev(1));
    }

    @Test
    void createOfExistingKeyFailsWithoutUsingARevision() {
        store.create("/a", bytes("1"));
        assertThatThrownBy(() -> store.create("/a", bytes("2"))).isInstanceOf(KeyExistsException.class);
        assertThat(store.currentRevision()).isEqualTo(rev(1));
        assertThat(text(store.get("/a").orElseThrow().value())).isEqualTo("1");
    }

    @Test
    void updateIsCompareAndSwapOnModRevision() {
        KeyValue created = store.create("/a", bytes("1"));
        store.create("/other", bytes("x"));
        KeyValue updated = store.update("/a", bytes("2"), created.modRevision());
        assertThat(updated).extracting(KeyValue::createRevision, KeyValue::modRevision, KeyValue::version)
                .containsExactly(rev(1), rev(3), 2L);

        assertThatThrownBy(() -> store.update("/a", bytes("3"), created.modRevision()))
                .isInstanceOf(ConflictException.class);
        assertThat(store.currentRevision()).isEqualTo(rev(3));

        KeyValue unconditional = store.update("/a", bytes("4"), 0);
        assertThat(unconditional.version()).isEqualTo(3);
        assertThat(text(store.get("/a").orElseThrow().value())).isEqualTo("4");
    }

    @Test
    void updateOfMissingKeyFails() {
        assertThatThrownBy(() -> store.update("/missing", bytes("1"), 0)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.currentRevision()).isEqualTo(rev(0));
    }

    @Test
    void deleteHonoursPreconditionAndReturnsPreviousValue() {
        KeyValue created = store.create("/a", bytes("1"));
        store.update("/a", bytes("2"), 0);

        assertThatThrownBy(() -> store.delete("/a", created.modRevision())).isInstanceOf(ConflictException.class);
        DeleteResult deleted = store.delete("/a", rev(2));
        assertThat(deleted.revision()).isEqualTo(rev(3));
        assertThat(text(deleted.previous().value())).isEqualTo("2");
        assertThat(deleted.previous().modRevision()).isEqualTo(rev(2));
        assertThat(store.get("/a")).isEmpty();
        assertThatThrownBy(() -> store.delete("/a", 0)).isInstanceOf(KeyNotFoundException.class);

        KeyValue recreated = store.create("/a", bytes("again"));
        assertThat(recreated).extracting(KeyValue::createRevision, KeyValue::version).containsExactly(rev(4), 1L);
    }

    // ---- range

    @Test
    void rangeIsHalfOpenAndInKeyOrder() {
        for (String key : List.of("/r/c", "/r/a", "/r/b", "/s/a", "/r", "/rr")) {
            store.create(key, bytes(key));
        }
        assertThat(keys(store.range("/r/a", "/r/c", 0, 0))).containsExactly("/r/a", "/r/b");
        assertThat(keys(store.rangePrefix("/r/"))).containsExactly("/r/a", "/r/b", "/r/c");
        assertThat(keys(store.rangePrefix(""))).containsExactly("/r", "/r/a", "/r/b", "/r/c", "/rr", "/s/a");
        assertThat(store.rangePrefix("/r/").revision()).isEqualTo(rev(6));
    }

    @Test
    void rangeLimitReportsMore() {
        for (int i = 0; i < 5; i++) {
            store.create("/l/" + i, bytes("v" + i));
        }
        String end = Store.prefixEnd("/l/");
        RangeResult page = store.range("/l/", end, 0, 2);
        assertThat(keys(page)).containsExactly("/l/0", "/l/1");
        assertThat(page.more()).isTrue();

        RangeResult next = store.range("/l/1\0", end, page.revision(), 3);
        assertThat(keys(next)).containsExactly("/l/2", "/l/3", "/l/4");
        assertThat(next.more()).isFalse();

        RangeResult exact = store.range("/l/", end, 0, 5);
        assertThat(exact.kvs()).hasSize(5);
        assertThat(exact.more()).isFalse();
    }

    @Test
    void rangeAtEveryPastRevisionMatchesAModel() {
        List<Map<String, String>> models = new ArrayList<>();
        models.add(new TreeMap<>());
        TreeMap<String, String> model = new TreeMap<>();
        store.create("/p/a", bytes("a1"));
        model.put("/p/a", "a1");
        models.add(new TreeMap<>(model));
        store.create("/p/b", bytes("b1"));
        model.put("/p/b", "b1");
        models.add(new TreeMap<>(model));
        store.update("/p/a", bytes("a2"), 0);
        model.put("/p/a", "a2");
        models.add(new TreeMap<>(model));
        store.create("/q/x", bytes("x1"));
        model.put("/q/x", "x1");
        models.add(new TreeMap<>(model));
        store.delete("/p/b", 0);
        model.remove("/p/b");
        models.add(new TreeMap<>(model));
        store.create("/p/b", bytes("b2"));
        model.put("/p/b", "b2");
        models.add(new TreeMap<>(model));
        store.create("/p/c", bytes("c1"));
        model.put("/p/c", "c1");
        models.add(new TreeMap<>(model));

        for (int i = 1; i < models.size(); i++) {
            RangeResult r = store.range("", Store.prefixEnd(""), rev(i), 0);
            Map<String, String> actual = new TreeMap<>();
            r.kvs().forEach(kv -> actual.put(kv.key(), text(kv.value())));
            assertThat(actual).as("state at revision %d", rev(i)).isEqualTo(models.get(i));
            assertThat(r.revision()).isEqualTo(rev(i));
            assertThat(r.kvs()).allSatisfy(kv -> assertThat(kv.modRevision()).isLessThanOrEqualTo(r.revision()));
        }
        // metadata at a past revision is that of then
        KeyValue a = store.range("/p/a", "/p/b", rev(2), 0).kvs().getFirst();
        assertThat(a).extracting(KeyValue::createRevision, KeyValue::modRevision, KeyValue::version)
                .containsExactly(rev(1), rev(1), 1L);
        // limit at a past revision, with a key that is deleted now... and one created later
        RangeResult page = store.range("/p/", Store.prefixEnd("/p/"), rev(4), 1);
        assertThat(keys(page)).containsExactly("/p/a");
        assertThat(page.more()).isTrue();
        RangeResult rest = store.range("/p/a\0", Store.prefixEnd("/p/"), rev(4), 5);
        assertThat(keys(rest)).containsExactly("/p/b");
        assertThat(text(rest.kvs().getFirst().value())).isEqualTo("b1");
        assertThat(rest.more()).isFalse();
    }

    @Test
    void rangeAtFutureRevisionFails() {
        store.create("/a", bytes("1"));
        assertThatThrownBy(() -> store.range("/", "/z", rev(2), 0))
                .isInstanceOfSatisfying(FutureRevisionException.class,
                        e -> assertThat(e.currentRevision()).isEqualTo(rev(1)));
    }

    // ---- compaction

    @Test
    void compactionDiscardsHistoryButKeepsValues() {
        store.create("/a", bytes("1"));
        store.update("/a", bytes("2"), 0);
        store.create("/b", bytes("1"));
        store.update("/a", bytes("3"), 0);

        store.compact(rev(2));
        assertThat(store.compactedRevision()).isEqualTo(rev(2));
        assertThatThrownBy(() -> store.range("", "\uffff", rev(2), 0))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactedRevision()).isEqualTo(rev(2)));
        assertThatThrownBy(() -> store.range("", "\uffff", rev(1), 0)).isInstanceOf(CompactedException.class);
        assertThat(keys(store.range("", "\uffff", rev(3), 0))).containsExactly("/a", "/b");
        assertThat(text(store.range("/a", "/b", rev(3), 0).kvs().getFirst().value())).isEqualTo("2");
        assertThat(text(store.get("/a").orElseThrow().value())).isEqualTo("3");
        assertThat(store.rangePrefix("").kvs()).hasSize(2);

        store.compact(rev(1)); // below: nothing happens
        assertThat(store.compactedRevision()).isEqualTo(rev(2));
        assertThatThrownBy(() -> store.compact(rev(5))).isInstanceOf(FutureRevisionException.class);
        store.compact(rev(4));
        assertThat(store.compactedRevision()).isEqualTo(rev(4));
        assertThat(store.currentRevision()).isEqualTo(rev(4));
        assertThat(store.create("/c", bytes("1")).modRevision()).isEqualTo(rev(5));
        assertThat(keys(store.range("", "\uffff", rev(5), 0))).containsExactly("/a", "/b", "/c");
    }

    // ---- watch

    @Test
    void watchReplaysHistoryThenDeliversLiveEvents() {
        store.create("/w/a", bytes("1"));
        store.create("/x/ignored", bytes("1"));
        store.update("/w/a", bytes("2"), 0);
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("/w/", rev(1), listener)) {
            listener.awaitEvents(2);
            store.delete("/w/a", 0);
            store.create("/x/ignored2", bytes("1"));
            store.create("/w/b", bytes("1"));
            List<WatchEvent> events = listener.awaitEvents(4);
            assertThat(events).extracting(WatchEvent::revision).containsExactly(rev(1), rev(3), rev(4), rev(6));
            assertThat(events.get(0).isCreate()).isTrue();
            assertThat(events.get(1).type()).isEqualTo(WatchEvent.Type.PUT);
            assertThat(text(events.get(1).prevKv().value())).isEqualTo("1");
            assertThat(text(events.get(1).kv().value())).isEqualTo("2");
            WatchEvent delete = events.get(2);
            assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(delete.kv().key()).isEqualTo("/w/a");
            assertThat(delete.kv().value()).isNull();
            assertThat(delete.kv().modRevision()).isEqualTo(rev(4));
            assertThat(text(delete.prevKv().value())).isEqualTo("2");
            assertThat(events.get(3).isCreate()).isTrue();
            assertThat(listener.overlapped()).isFalse();
        }
    }

    @Test
    void watchFromZeroStartsWithTheNextWrite() {
        store.create("/w/old", bytes("1"));
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("/w/", 0, listener)) {
            store.create("/w/new", bytes("1"));
            assertThat(listener.awaitEvents(1)).extracting(e -> e.kv().key()).containsExactly("/w/new");
        }
    }

    @Test
    void watchFromFutureRevisionSkipsEarlierEvents() {
        store.create("/w/1", bytes("1"));
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("/w/", rev(3), listener)) {
            store.create("/w/2", bytes("1"));
            store.create("/w/3", bytes("1"));
            assertThat(listener.awaitEvents(1)).extracting(WatchEvent::revision).containsExactly(rev(3));
        }
    }

    @Test
    void watchFromCompactedRevisionFails() {
        store.create("/a", bytes("1"));
        store.create("/b", bytes("1"));
        store.create("/c", bytes("1"));
        store.compact(rev(2));
        assertThatThrownBy(() -> store.watch("", rev(2), new RecordingListener()))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactedRevision()).isEqualTo(rev(2)));
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("", rev(3), listener)) {
            assertThat(listener.awaitEvents(1)).extracting(WatchEvent::revision).containsExactly(rev(3));
        }
    }

    @Test
    void closedWatchReceivesNothingMore() throws Exception {
        RecordingListener listener = new RecordingListener();
        Watch watch = store.watch("", 0, listener);
        store.create("/a", bytes("1"));
        listener.awaitEvents(1);
        watch.close();
        store.create("/b", bytes("1"));
        // a later watch sees /b, so the first one has had every chance to see it too
        RecordingListener later = new RecordingListener();
        try (Watch ignored = store.watch("", rev(1), later)) {
            later.awaitEvents(2);
        }
        assertThat(listener.revisions()).containsExactly(rev(1));
        assertThat(listener.isClosed()).isFalse();
    }

    @Test
    void closingTheStoreClosesWatches() throws Exception {
        RecordingListener listener = new RecordingListener();
        store.watch("", 0, listener);
        store.close();
        assertThat(listener.awaitClose()).isTrue();
        assertThat(listener.closeCause()).isNull();
        store = open(dir);
    }

    @Test
    void listenerFailureEndsTheWatch() throws Exception {
        RecordingListener closes = new RecordingListener();
        WatchListener failing = new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onClose(Throwable cause) {
                closes.onClose(cause);
            }
        };
        store.watch("", 0, failing);
        store.create("/a", bytes("1"));
        assertThat(closes.awaitClose()).isTrue();
        assertThat(closes.closeCause()).hasMessage("boom");
    }

    // ---- durability across restarts

    @Test
    void reopenKeepsValuesRevisionsAndHistory() {
        store.create("/a", bytes("1"));
        store.create("/b", bytes("1"));
        store.update("/a", bytes("2"), 0);
        store.delete("/b", 0);
        store.compact(rev(1));
        reopen();

        assertThat(store.currentRevision()).isEqualTo(rev(4));
        assertThat(store.compactedRevision()).isEqualTo(rev(1));
        assertThat(store.get("/a").orElseThrow())
                .extracting(kv -> text(kv.value()), KeyValue::createRevision, KeyValue::modRevision, KeyValue::version)
                .containsExactly("2", rev(1), rev(3), 2L);
        assertThat(store.get("/b")).isEmpty();
        assertThat(keys(store.range("", "\uffff", rev(2), 0))).containsExactly("/a", "/b");

        RecordingListener listener = new RecordingListener();
        try (Watch ignored = store.watch("", rev(2), listener)) {
            assertThat(listener.awaitEvents(3)).extracting(WatchEvent::revision).containsExactly(rev(2), rev(3), rev(4));
            assertThat(store.create("/c", bytes("1")).modRevision()).isEqualTo(rev(5));
            assertThat(listener.awaitEvents(4)).extracting(WatchEvent::revision).containsExactly(rev(2), rev(3), rev(4), rev(5));
        }
    }
}
