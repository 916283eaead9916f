package dev.kube4j.controllers.replicaset;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SlowStartBatchTest {

    @Test
    void allSucceedInGrowingBatches() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SlowStartBatch.Outcome o = SlowStartBatch.run(10, 1, () -> {
            calls.incrementAndGet();
            return null;
        });
        assertThat(o.successes()).isEqualTo(10);
        assertThat(o.error()).isNull();
        assertThat(calls).hasValue(10);
    }

    @Test
    void stopsAfterTheFirstBatchWithAFailure() throws Exception {
        // Batches 1, 2, 4, 8: the third call fails (in the batch of 2), so the batch of 4 never starts.
        AtomicInteger calls = new AtomicInteger();
        SlowStartBatch.Outcome o = SlowStartBatch.run(15, 1, () -> {
            if (calls.incrementAndGet() == 3) {
                throw new IllegalStateException("exceeded quota");
            }
            return null;
        });
        assertThat(calls).hasValue(3);
        assertThat(o.successes()).isEqualTo(2);
        assertThat(o.error()).hasMessage("exceeded quota");
    }
}
