package dev.kube4j.apiserver.registry;

import dev.kube4j.apiserver.watch.CachedObject;

import java.util.List;

/**
 * @param continueToken      non-empty when more items remain
 * @param remainingItemCount items after this page, when known (-1 otherwise)
 */
public record ListResult(List<CachedObject> items, long revision, String continueToken, long remainingItemCount) {
}
