package dev.kube4j.store.etcd;

import dev.kube4j.store.CompactedException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RecordingListener;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Watches that (re)start from an old revision: after a compaction they end with
 * {@link CompactedException} carrying etcd's compacted revision, even in a client that did not
 * compact; across a member restart they resume from the next undelivered revision.
 */
class EtcdWatchResumeTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> write(EtcdStore store, String prefix, int from, int to) {
        List<Long> revisions = new ArrayList<>();
        for (int i = from; i < to; i++) {
            revisions.add(store.create(prefix + i, bytes("v" + i)).modRevision());
        }
        return revisions;
    }

    @Test
    void watchFromBeforeACompactionByAnotherClientFails() {
        try (EtcdProcess etcd = EtcdProcess.start();
             EtcdStore writer = EtcdStore.connect(etcd.options())) {
            List<Long> revisions = write(writer, "/c/", 0, 6);
            long compactAt = revisions.get(3);
            writer.compact(compactAt);

            try (EtcdStore reader = EtcdStore.connect(etcd.options())) {
                assertThat(reader.compactedRevision()).isEqualTo(compactAt);
                for (long old : List.of(revisions.get(0), revisions.get(2), compactAt)) {
                    assertThatThrownBy(() -> reader.watch("/c/", old, new RecordingListener()))
                            .as("watch from %d", old)
                            .isInstanceOfSatisfying(CompactedException.class,
                                    e -> assertThat(e.compactedRevision()).isEqualTo(compactAt));
                }
                RecordingListener listener = new RecordingListener();
                try (Watch ignored = reader.watch("/c/", compactAt + 1, listener)) {
                    assertThat(listener.awaitEvents(2)).extracting(WatchEvent::revision)
                            .containsExactlyElementsOf(revisions.subList(4, 6));
                }
            }

            // etcd compacted further behind this client's back: a fresh read at an old revision finds out
            try (EtcdStore other = EtcdStore.connect(etcd.options())) {
                other.compact(revisions.get(5));
            }
            assertThatThrownBy(() -> writer.range("/c/", "/c0", revisions.get(4), 0))
                    .isInstanceOfSatisfying(CompactedException.class,
                            e -> assertThat(e.compactedRevision()).isEqualTo(revisions.get(5)));
            assertThat(writer.compactedRevision()).isEqualTo(revisions.get(5));
        }
    }

    @Test
    void watchResumesAcrossAMemberRestartAndEndsWhenCompactionOvertookIt() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start(3);
             // the watch goes through member 0 only; writes and compaction through the others
             EtcdStore watching = EtcdStore.connect(EtcdOptions.parse(etcd.member(0).clientUrl().toString()));
             EtcdStore writing = EtcdStore.connect(EtcdOptions.parse(
                     etcd.member(1).clientUrl() + "," + etcd.member(2).clientUrl()))) {
            List<Long> revisions = write(writing, "/r/", 0, 3);
            RecordingListener listener = new RecordingListener();
            try (Watch ignored = watching.watch("/r/", revisions.getFirst(), listener)) {
                listener.awaitEvents(3);

                // 1. member 0 restarts: the watch resumes where it was, nothing lost or repeated
                etcd.member(0).stop();
                revisions.addAll(write(writing, "/r/", 3, 6));
                etcd.member(0).start();
                revisions.addAll(write(writing, "/r/", 6, 8));
                assertThat(listener.awaitEvents(8)).extracting(WatchEvent::revision)
                        .containsExactlyElementsOf(revisions);
                assertThat(listener.isClosed()).isFalse();

                // 2. while member 0 is down, history the watch still needs is compacted away
                etcd.member(0).stop();
                revisions.addAll(write(writing, "/r/", 8, 12));
                long compactAt = revisions.get(10);
                writing.compact(compactAt);
                etcd.member(0).start();

                assertThat(listener.awaitClose()).isTrue();
                assertThat(listener.closeCause()).isInstanceOfSatisfying(CompactedException.class,
                        e -> assertThat(e.compactedRevision()).isEqualTo(compactAt));
                assertThat(listener.revisions()).containsExactlyElementsOf(revisions.subList(0, 8));
                assertThat(listener.overlapped()).isFalse();
                assertThat(watching.compactedRevision()).isEqualTo(compactAt);

                // a client relists at the current revision and watches on from there
                List<KeyValue> relisted = watching.rangePrefix("/r/").kvs();
                assertThat(relisted).hasSize(12);
            }
        }
    }
}
