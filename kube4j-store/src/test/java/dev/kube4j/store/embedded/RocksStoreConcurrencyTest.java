package dev.kube4j.store.embedded;

import dev.kube4j.store.ConflictException;
import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RecordingListener;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers at once: revisions stay unique, gap-free and increasing per writer, compare-and-swap
 * never loses an increment, and watches (one started before, one started mid-way with replay) see
 * every event exactly once, in order.
 */
class RocksStoreConcurrencyTest {

    private static final int THREADS = 12;
    private static final int KEYS_PER_THREAD = 40;
    private static final int COUNTER_INCREMENTS_PER_THREAD = 15;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersGetUniqueRevisionsAndWatchesSeeEveryEventOnce() throws Exception {
        try (RocksStore store = RocksStore.open(dir)) {
            store.create("/counter", bytes("0"));
            RecordingListener fromStart = new RecordingListener();
            RecordingListener midway = new RecordingListener();
            List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
            revisions.add(1L);
            AtomicInteger duplicateCreates = new AtomicInteger();
            CountDownLatch halfway = new CountDownLatch(THREADS);
            Watch midwayWatch = null;

            try (Watch ignored = store.watch("", 1, fromStart);
                 ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                List<Future<List<Long>>> writers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    writers.add(pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < KEYS_PER_THREAD; i++) {
                            String key = "/k/" + thread + "/" + i;
                            KeyValue created = store.create(key, bytes("v" + i));
                            mine.add(created.modRevision());
                            mine.add(store.update(key, bytes("w" + i), created.modRevision()).modRevision());
                            try { // every thread races for the same key: exactly one wins
                                mine.add(store.create("/shared/" + i, bytes("t" + thread)).modRevision());
                            } catch (KeyExistsException expected) {
                                duplicateCreates.incrementAndGet();
                            }
                            if (i == KEYS_PER_THREAD / 2) {
                                halfway.countDown();
                            }
                        }
                        for (int i = 0; i < COUNTER_INCREMENTS_PER_THREAD; i++) {
                            mine.add(increment(store));
                        }
                        return mine;
                    }));
                }
                halfway.await();
                midwayWatch = store.watch("", 1, midway);

                for (Future<List<Long>> writer : writers) {
                    List<Long> mine = writer.get();
                    assertThat(mine).as("one writer's revisions").isSorted().doesNotHaveDuplicates();
                    revisions.addAll(mine);
                }
            }

            long total = store.currentRevision();
            List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
            assertThat(revisions).hasSize((int) total).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(duplicateCreates.get()).isEqualTo((THREADS - 1) * KEYS_PER_THREAD);
            assertThat(new String(store.get("/counter").orElseThrow().value(), StandardCharsets.UTF_8))
                    .isEqualTo(String.valueOf(THREADS * COUNTER_INCREMENTS_PER_THREAD));

            for (RecordingListener listener : List.of(fromStart, midway)) {
                List<WatchEvent> events = listener.awaitEvents((int) total);
                assertThat(events).extracting(WatchEvent::revision).containsExactlyElementsOf(expected);
                assertThat(listener.overlapped()).isFalse();
            }
            midwayWatch.close();
            assertThat(store.maxWatchBacklog()).isZero();
        }
    }

    /** Read-modify-write with compare-and-swap, retried on conflict; returns the winning revision. */
    private static long increment(RocksStore store) {
        while (true) {
            KeyValue current = store.get("/counter").orElseThrow();
            int value = Integer.parseInt(new String(current.value(), StandardCharsets.UTF_8));
            try {
                return store.update("/counter", bytes(String.valueOf(value + 1)), current.modRevision()).modRevision();
            } catch (ConflictException retry) {
                // someone else won this round
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
