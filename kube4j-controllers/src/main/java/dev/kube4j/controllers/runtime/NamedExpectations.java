package dev.kube4j.controllers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's ControllerExpectations, by pod name and accumulating (used by the StatefulSet,
 * DaemonSet and Job controllers; the ReplicaSet controller uses the uid-tracking
 * {@link Expectations}): after creating or deleting pods a controller waits until its
 * informer has seen those changes before counting pods again, else a sync running on a cache that
 * lags behind its own writes would create or delete twice. Expectations expire (the write may
 * have failed unseen), after which the controller trusts the cache again.
 */
public final class NamedExpectations {

    private final Duration ttl;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private static final class Pending {
        int creations;
        final Set<String> deletions = new HashSet<>();
        final Instant since = Instant.now();
    }

    public NamedExpectations(Duration ttl) {
        this.ttl = ttl;
    }

    public void expectCreations(String key, int n) {
        pending.compute(key, (k, p) -> {
            Pending q = p == null ? new Pending() : p;
            q.creations += n;
            return q;
        });
    }

    public void expectDeletion(String key, String podName) {
        pending.compute(key, (k, p) -> {
            Pending q = p == null ? new Pending() : p;
            q.deletions.add(podName);
            return q;
        });
    }

    /** A create failed or was seen: one fewer to wait for. */
    public void creationObserved(String key) {
        pending.computeIfPresent(key, (k, p) -> {
            p.creations = Math.max(0, p.creations - 1);
            return p.creations == 0 && p.deletions.isEmpty() ? null : p;
        });
    }

    public void deletionObserved(String key, String podName) {
        pending.computeIfPresent(key, (k, p) -> {
            p.deletions.remove(podName);
            return p.creations == 0 && p.deletions.isEmpty() ? null : p;
        });
    }

    /** Whether the cache has caught up with every write of this key (or the wait expired). */
    public boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        if (Duration.between(p.since, Instant.now()).compareTo(ttl) > 0) {
            pending.remove(key);
            return true;
        }
        return false;
    }

    public void forget(String key) {
        pending.remove(key);
    }
}
