package dev.kube4j.store;

/**
 * One change. For {@link Type#PUT}, {@code kv} is the new value and {@code prevKv} the old one
 * (null on create). For {@link Type#DELETE}, {@code kv} carries the key and the delete's revision as
 * modRevision with a null value, and {@code prevKv} the deleted value.
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {

    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }

    public boolean isCreate() {
        return type == Type.PUT && prevKv == null;
    }
}
