package dev.kube4j.controllers.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upstream's UIDTrackingControllerExpectations: how many creations, and which deletions, a
 * controller still waits to see through its informer for one key. While some are outstanding it
 * must not act again on a cache that lags behind its own writes (it would create the same pods
 * twice); after five minutes the expectations expire, in case a watch event was lost. Deletions
 * are tracked by uid because a graceful deletion is seen twice (deletionTimestamp, then gone).
 */
public final class Expectations<K> {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Pending(AtomicLong adds, Set<String> deletes, long timestampNanos) {
        boolean fulfilled() {
            return adds.get() <= 0 && deletes.isEmpty();
        }
    }

    private final Map<K, Pending> pending = new ConcurrentHashMap<>();

    /** True when nothing is outstanding, nothing was ever recorded, or the record expired. */
    public boolean satisfied(K key) {
        Pending p = pending.get(key);
        return p == null || p.fulfilled() || System.nanoTime() - p.timestampNanos > TTL.toNanos();
    }

    public void expectCreations(K key, long adds) {
        pending.put(key, new Pending(new AtomicLong(adds), ConcurrentHashMap.newKeySet(), System.nanoTime()));
    }

    public void expectDeletions(K key, Collection<String> uids) {
        Set<String> set = ConcurrentHashMap.newKeySet();
        set.addAll(uids);
        pending.put(key, new Pending(new AtomicLong(), set, System.nanoTime()));
    }

    /** A creation was seen, or a create request failed or was skipped (its event will not come). */
    public void creationObserved(K key) {
        Pending p = pending.get(key);
        if (p != null) {
            p.adds.decrementAndGet();
        }
    }

    /** The pod with this uid was seen being deleted, or its delete request failed. */
    public void deletionObserved(K key, String uid) {
        Pending p = pending.get(key);
        if (p != null) {
            p.deletes.remove(uid);
        }
    }

    public void forget(K key) {
        pending.remove(key);
    }
}
