package dev.kube4j.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: requests start on a fixed schedule whatever the server's speed, and each latency
 * is measured from the request's <em>scheduled</em> start. A closed loop of N clients can only show
 * mean latency = N / throughput (Little's law) and hides queueing behind slow responses
 * ("coordinated omission"); a fixed rate shows the latency users get at that rate.
 */
final class FixedRateLoad {

    private FixedRateLoad() {
    }

    /** Outcome of a run: achieved rate, latency percentiles from the schedule, errors. */
    record Result(int rate, int ops, int errors, double seconds, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format("target %d/s: %d ops in %.2f s (%.0f ops/s)  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d errors)",
                    rate, ops, seconds, ops / seconds, p50, p99, max, errors);
        }
    }

    /**
     * Starts {@code rate} calls per second for {@code seconds}, at most {@code maxInFlight} at once
     * (time spent waiting for a slot counts as latency).
     */
    static Result run(int rate, int seconds, int maxInFlight, ApiServerBenchmark.Op op) throws InterruptedException {
        int total = rate * seconds;
        LatencyRecorder lat = new LatencyRecorder();
        AtomicInteger errors = new AtomicInteger();
        Semaphore slots = new Semaphore(maxInFlight);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = i;
                pool.submit(() -> {
                    try {
                        slots.acquire();
                        try {
                            if (op.call(n) >= 300) {
                                errors.incrementAndGet();
                            }
                        } finally {
                            slots.release();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    lat.record(System.nanoTime() - scheduled);
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result(rate, lat.count(), errors.get(), secs, lat.percentileMillis(50), lat.percentileMillis(99),
                lat.percentileMillis(100));
    }
}
