package dev.kube4j.controllers.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resourceVersion of each object's last status write by this controller. A status that
 * accumulates (counts, lists of active children) must not be computed from a cached object older
 * than that write: the sync is skipped, and the informer event of the write brings the key back.
 */
public final class OwnWrites {

    private final Map<String, Long> written = new ConcurrentHashMap<>();

    public void record(String key, String resourceVersion) {
        written.put(key, parse(resourceVersion));
    }

    /** Whether the cached object predates this controller's last write. */
    public boolean stale(String key, String cachedResourceVersion) {
        Long last = written.get(key);
        return last != null && parse(cachedResourceVersion) < last;
    }

    public void forget(String key) {
        written.remove(key);
    }

    private static long parse(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException | NullPointerException e) {
            return Long.MAX_VALUE; // not numeric: never treat as stale
        }
    }
}
