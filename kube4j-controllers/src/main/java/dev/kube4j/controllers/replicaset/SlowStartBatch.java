package dev.kube4j.controllers.replicaset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Upstream's slowStartBatch: runs {@code count} calls in batches of 1, 2, 4, … (never more than
 * remain), each batch in parallel, and stops after the first batch with a failure — so a call
 * that fails for every pod (quota, admission) fails once, not {@code count} times.
 */
public final class SlowStartBatch {

    /** How many calls succeeded, and the first failure (null if none). */
    public record Outcome(int successes, Exception error) {}

    private SlowStartBatch() {
    }

    public static Outcome run(int count, int initialBatchSize, Callable<Void> call) throws InterruptedException {
        int remaining = count;
        int successes = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
                List<Future<Void>> futures = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    futures.add(pool.submit(call));
                }
                Exception error = null;
                for (Future<Void> f : futures) {
                    try {
                        f.get();
                        successes++;
                    } catch (ExecutionException e) {
                        if (error == null) {
                            error = e.getCause() instanceof Exception ex ? ex : e;
                        }
                    }
                }
                if (error != null) {
                    return new Outcome(successes, error);
                }
                remaining -= batch;
            }
        }
        return new Outcome(successes, null);
    }
}
