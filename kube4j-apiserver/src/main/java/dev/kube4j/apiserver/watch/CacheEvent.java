package dev.kube4j.apiserver.watch;

/**
 * One change seen by the cache. For DELETED, {@code object} is the last state with the delete's
 * revision as its resourceVersion (as upstream serves it); {@code previous} is null on ADDED.
 */
public record CacheEvent(Type type, String key, CachedObject object, CachedObject previous, long revision) {

    public enum Type { ADDED, MODIFIED, DELETED }
}
