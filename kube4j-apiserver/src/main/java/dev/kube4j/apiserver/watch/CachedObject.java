package dev.kube4j.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * An object as served: parsed once when it enters the cache, with its resourceVersion stamped.
 * The tree is shared by every reader and must never be mutated; copy it first.
 */
public record CachedObject(String key, ObjectNode object, long modRevision, Map<String, String> labels) {
}
