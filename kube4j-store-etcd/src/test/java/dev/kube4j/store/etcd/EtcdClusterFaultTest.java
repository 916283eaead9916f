package dev.kube4j.store.etcd;

import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RecordingListener;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 3-member etcd cluster loses its leader, then a follower, while writers keep creating keys through
 * one {@link EtcdStore} configured with all three endpoints. Writes may fail while a leader is elected
 * (the store does not retry writes: the outcome of a failed one is unknown), so each writer retries a
 * write for up to {@link #RETRY_WINDOW}; every write must get through within it, and every
 * acknowledged write must be readable afterwards from every member and seen once by a watch.
 */
class EtcdClusterFaultTest {

    private static final Duration RETRY_WINDOW = Duration.ofSeconds(10);
    private static final int WRITERS = 2;

    @Test
    void acknowledgedWritesSurviveLosingTheLeaderAndThenAFollower() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start(3);
             EtcdStore store = EtcdStore.connect(etcd.options().withRequestTimeout(Duration.ofSeconds(3)))) {
            RecordingListener watched = new RecordingListener();
            try (Watch ignored = store.watch("/fault/", store.currentRevision() + 1, watched);
                 Writers writers = new Writers(store)) {
                writers.awaitMore(20);

                EtcdProcess.Member leader = etcd.leader();
                leader.kill();
                writers.awaitMore(30);
                leader.start();
                writers.awaitMore(10);

                EtcdProcess.Member newLeader = etcd.leader();
                EtcdProcess.Member follower = etcd.members().stream()
                        .filter(m -> m != newLeader).findFirst().orElseThrow();
                follower.stop();
                writers.awaitMore(30);
                follower.start();
                writers.awaitMore(10);
                writers.close();

                assertThat(writers.fatal.get()).as("a write failed for longer than the retry window").isNull();
                System.out.printf("fault test: %d writes acknowledged, %d failed attempts, longest wait %d ms, last failure: %s%n",
                        writers.acked.size(), writers.failedAttempts.get(), writers.longestWaitMillis.get(),
                        writers.lastFailure.get() == null ? "none" : writers.lastFailure.get().getMessage());

                // every acknowledged write, as acknowledged, through the store and through each member alone
                assertAcknowledged(store, writers.acked);
                List<KeyValue> everything = store.rangePrefix("/fault/").kvs();
                for (EtcdProcess.Member m : etcd.members()) {
                    try (EtcdStore one = EtcdStore.connect(EtcdOptions.parse(m.clientUrl().toString()))) {
                        assertAcknowledged(one, writers.acked);
                        assertThat(one.rangePrefix("/fault/").kvs())
                                .usingRecursiveFieldByFieldElementComparator()
                                .as("member %s holds what the cluster holds", m)
                                .isEqualTo(everything);
                    }
                }

                // the watch saw each applied create once, in revision order, across both failures
                List<WatchEvent> events = watched.awaitEvents(everything.size());
                assertThat(events).hasSize(everything.size());
                assertThat(events).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates();
                assertThat(events).allMatch(WatchEvent::isCreate);
                assertThat(events.stream().map(e -> e.kv().key()).collect(Collectors.toSet()))
                        .isEqualTo(everything.stream().map(KeyValue::key).collect(Collectors.toSet()));
                assertThat(watched.overlapped()).isFalse();
                assertThat(watched.isClosed()).isFalse();
            }
        }
    }

    private static void assertAcknowledged(EtcdStore store, Map<String, Ack> acked) {
        Map<String, KeyValue> read = store.rangePrefix("/fault/").kvs().stream()
                .collect(Collectors.toMap(KeyValue::key, kv -> kv));
        for (Ack ack : acked.values()) {
            KeyValue kv = read.get(ack.key());
            assertThat(kv).as("acknowledged %s", ack.key()).isNotNull();
            assertThat(new String(kv.value(), StandardCharsets.UTF_8)).isEqualTo(ack.value());
            assertThat(kv.modRevision()).isEqualTo(ack.revision());
        }
    }

    private record Ack(String key, String value, long revision) {
    }

    /** Threads that create /fault/w{n}/{i} one after the other, retrying each within the window. */
    private static final class Writers implements AutoCloseable {
        final Map<String, Ack> acked = new ConcurrentHashMap<>();
        final AtomicInteger failedAttempts = new AtomicInteger();
        final AtomicLong longestWaitMillis = new AtomicLong();
        final AtomicReference<Throwable> fatal = new AtomicReference<>();
        final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        private final EtcdStore store;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;

        Writers(EtcdStore store) {
            this.store = store;
            for (int n = 0; n < WRITERS; n++) {
                int writer = n;
                threads.add(Thread.ofPlatform().name("writer-" + n).start(() -> run(writer)));
            }
        }

        /** Waits until {@code count} more writes are acknowledged than now. */
        void awaitMore(int count) {
            int target = acked.size() + count;
            await().atMost(RETRY_WINDOW.multipliedBy(2))
                    .failFast(() -> fatal.get() != null)
                    .until(() -> acked.size() >= target);
        }

        private void run(int writer) {
            for (int i = 0; !stop && fatal.get() == null; i++) {
                String key = "/fault/w" + writer + "/" + i;
                String value = "value " + writer + "/" + i;
                long started = System.nanoTime();
                long deadline = started + RETRY_WINDOW.toNanos();
                boolean retried = false;
                while (true) {
                    try {
                        KeyValue kv = store.create(key, value.getBytes(StandardCharsets.UTF_8));
                        acked.put(key, new Ack(key, value, kv.modRevision()));
                        break;
                    } catch (KeyExistsException e) {
                        // only after a failed attempt that etcd applied nonetheless
                        Optional<KeyValue> existing = retried ? store.get(key) : Optional.empty();
                        if (existing.isPresent()
                                && new String(existing.get().value(), StandardCharsets.UTF_8).equals(value)) {
                            acked.put(key, new Ack(key, value, existing.get().modRevision()));
                            break;
                        }
                        fatal.set(e);
                        return;
                    } catch (StoreException e) {
                        failedAttempts.incrementAndGet();
                        lastFailure.set(e);
                        retried = true;
                        if (System.nanoTime() > deadline) {
                            fatal.set(new AssertionError("write of " + key + " kept failing for " + RETRY_WINDOW, e));
                            return;
                        }
                        sleep(50);
                    }
                }
                long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
                longestWaitMillis.accumulateAndGet(waited, Math::max);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join(RETRY_WINDOW.multipliedBy(2).toMillis());
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
