package dev.kube4j.scheduler.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingQueueTest {

    @Test
    void higherPriorityFirstThenArrivalOrder() throws InterruptedException {
        SchedulingQueue q = new SchedulingQueue();
        q.add("a", 0);
        q.add("b", 100);
        q.add("c", 0);
        assertThat(q.pop(Duration.ofMillis(10))).isEqualTo("b");
        assertThat(q.pop(Duration.ofMillis(10))).isEqualTo("a");
        assertThat(q.pop(Duration.ofMillis(10))).isEqualTo("c");
        assertThat(q.pop(Duration.ofMillis(10))).isNull();
    }

    @Test
    void failedPodsBackOffAndUnschedulableOnesWaitForAClusterChange() throws InterruptedException {
        SchedulingQueue q = new SchedulingQueue(Duration.ofMillis(50), Duration.ofMillis(200));
        q.add("retry", 0);
        q.add("stuck", 0);
        assertThat(q.pop(Duration.ofMillis(10))).isEqualTo("retry");
        assertThat(q.pop(Duration.ofMillis(10))).isEqualTo("stuck");
        q.failed("retry", false);
        q.failed("stuck", true);
        // An update while backing off does not jump the queue.
        q.add("retry", 0);
        assertThat(q.pop(Duration.ofMillis(10))).isNull();
        assertThat(q.pop(Duration.ofMillis(500))).isEqualTo("retry");
        assertThat(q.pop(Duration.ofMillis(200))).isNull();
        q.clusterChanged();
        assertThat(q.pop(Duration.ofMillis(200))).isEqualTo("stuck");
    }

    @Test
    void removedPodsAreNeverHandedOut() throws InterruptedException {
        SchedulingQueue q = new SchedulingQueue();
        q.add("gone", 0);
        q.remove("gone");
        assertThat(q.pop(Duration.ofMillis(20))).isNull();
        assertThat(q.pending()).isZero();
    }
}
