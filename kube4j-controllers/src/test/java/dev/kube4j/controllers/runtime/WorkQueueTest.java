package dev.kube4j.controllers.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkQueueTest {

    private static WorkQueue<String> queue() {
        return new WorkQueue<>("test", new ItemBackoff<>(Duration.ofMillis(10), Duration.ofMillis(80)));
    }

    @Test
    void aKeyAddedTwiceIsQueuedOnce() throws Exception {
        try (WorkQueue<String> q = queue()) {
            q.add("a");
            q.add("b");
            q.add("a");
            assertThat(q.length()).isEqualTo(2);
            assertThat(q.take()).isEqualTo("a");
            assertThat(q.take()).isEqualTo("b");
        }
    }

    @Test
    void aKeyAddedWhileProcessingIsRequeuedOnDoneNotHandedToASecondWorker() throws Exception {
        try (WorkQueue<String> q = queue()) {
            q.add("a");
            assertThat(q.take()).isEqualTo("a");
            q.add("a");
            assertThat(q.length()).isZero(); // not while a worker holds it
            q.done("a");
            assertThat(q.length()).isEqualTo(1);
            assertThat(q.take()).isEqualTo("a");
        }
    }

    @Test
    void backoffDoublesPerFailureUpToTheCapAndForgetResetsIt() {
        ItemBackoff<String> b = new ItemBackoff<>(Duration.ofMillis(10), Duration.ofMillis(80));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(b.next("a").toMillis());
        }
        assertThat(delays).containsExactly(10L, 20L, 40L, 80L, 80L, 80L);
        assertThat(b.next("other").toMillis()).isEqualTo(10L); // per key
        b.forget("a");
        assertThat(b.failures("a")).isZero();
        assertThat(b.next("a").toMillis()).isEqualTo(10L);
        for (int i = 0; i < 100; i++) {
            b.next("long");
        }
        assertThat(b.next("long").toMillis()).isEqualTo(80L); // no overflow
    }

    @Test
    void rateLimitedAddArrivesAfterTheDelay() throws Exception {
        try (WorkQueue<String> q = queue()) {
            long start = System.nanoTime();
            q.addRateLimited("a");
            q.addRateLimited("a");
            assertThat(q.length()).isZero();
            assertThat(q.take()).isEqualTo("a");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(10));
            assertThat(q.failures("a")).isEqualTo(2);
        }
    }

    @Test
    void closeWakesWaitingWorkers() throws Exception {
        WorkQueue<String> q = queue();
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got.add(String.valueOf(q.take()));
            } catch (InterruptedException ignored) {
                // not expected
            }
        });
        Thread.sleep(50);
        q.close();
        t.join(2000);
        assertThat(got).containsExactly("null");
    }

    @Test
    void loopRetriesFailuresWithBackoffUntilDoneThenForgets() throws Exception {
        WorkQueue<String> q = queue();
        AtomicInteger calls = new AtomicInteger();
        ControllerLoop<String> loop = new ControllerLoop<>("test", q, key -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("transient");
            }
            return n < 4 ? ReconcileResult.requeueWithBackoff() : ReconcileResult.done();
        }, 2);
        loop.start();
        try {
            q.add("ns");
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 4 && q.failures("ns") == 0);
            Thread.sleep(200);
            assertThat(calls.get()).isEqualTo(4); // done: no further retries
        } finally {
            loop.close();
        }
    }
}
