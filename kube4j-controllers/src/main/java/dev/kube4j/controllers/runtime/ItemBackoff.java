package dev.kube4j.controllers.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential backoff, as client-go's ItemExponentialFailureRateLimiter: each failure of a
 * key doubles its next delay (base, 2×base, 4×base … up to max); {@link #forget} resets it.
 */
public final class ItemBackoff<K> {

    private final Duration base;
    private final Duration max;
    private final Map<K, Integer> failures = new HashMap<>();

    public ItemBackoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** The delay before retrying {@code key}, counting this call as one more failure. */
    public synchronized Duration next(K key) {
        int n = failures.merge(key, 1, Integer::sum) - 1;
        // Past 2^30 the shift overflows; the cap is reached long before anyway.
        if (n >= 30) {
            return max;
        }
        Duration d = base.multipliedBy(1L << n);
        return d.compareTo(max) > 0 ? max : d;
    }

    public synchronized int failures(K key) {
        return failures.getOrDefault(key, 0);
    }

    public synchronized void forget(K key) {
        failures.remove(key);
    }
}
