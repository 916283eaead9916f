package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * @param object  the deleted object, or its new state when deletion waits for finalizers or a grace period
 * @param removed whether the object is gone from the store
 */
public record DeleteOutcome(ObjectNode object, boolean removed) {
}
