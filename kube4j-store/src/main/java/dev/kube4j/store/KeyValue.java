package dev.kube4j.store;

/**
 * One key at one revision, as etcd's mvccpb.KeyValue.
 *
 * @param version number of writes to this key since it was created (1 after create)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {
}
