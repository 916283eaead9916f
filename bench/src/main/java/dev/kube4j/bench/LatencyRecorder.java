package dev.kube4j.bench;

import java.util.Arrays;

/** Collects latencies (nanoseconds) from many threads and reports percentiles. */
public final class LatencyRecorder {

    private long[] samples = new long[1 << 16];
    private int size;

    public synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The p-th percentile in milliseconds (p in 0..100). */
    public synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int idx = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
        return sorted[idx] / 1e6;
    }
}
