package dev.kube4j.store;

/**
 * @param previous the value that was deleted
 * @param revision the revision of the delete
 */
public record DeleteResult(KeyValue previous, long revision) {
}
