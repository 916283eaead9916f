package dev.kube4j.store.embedded;

/** A write waiting for the {@link GroupCommitWriter}; its result type is given per variant. */
sealed interface WriteOp {

    /** Result: the created {@link dev.kube4j.store.KeyValue}. */
    record Create(String key, byte[] value) implements WriteOp {
    }

    /** Result: the new {@link dev.kube4j.store.KeyValue}. */
    record Update(String key, byte[] value, long expectedModRevision) implements WriteOp {
    }

    /** Result: a {@link dev.kube4j.store.DeleteResult}. */
    record Delete(String key, long expectedModRevision) implements WriteOp {
    }

    /** Result: the compacted revision. Goes through the writer so it is ordered with writes. */
    record Compact(long revision) implements WriteOp {
    }
}
