package dev.kube4j.store;

import java.util.Optional;

/**
 * The storage SPI, shaped like etcd v3 so that an etcd backend is a thin adapter.
 *
 * <p>Every successful write gets the next value of one global revision. A key remembers the
 * revision that created it ({@code createRevision}) and the one that last changed it
 * ({@code modRevision}); compare-and-swap works on {@code modRevision}, which is what the API
 * server exposes as {@code metadata.resourceVersion}.
 *
 * <p>Writes return only once they are durable. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

    /** The revision of the newest write (0 for an empty store). */
    long currentRevision();

    /** Revisions at or below this one are compacted: no range or watch can start there. */
    long compactedRevision();

    /** The current value of one key. */
    Optional<KeyValue> get(String key);

    /**
     * Keys in {@code [start, end)} in key order, as they were at {@code revision}
     * (0 = the current revision). Returns at most {@code limit} entries when {@code limit > 0};
     * {@link RangeResult#more()} tells whether more follow.
     *
     * @throws CompactedException if {@code revision} is at or below {@link #compactedRevision()}
     * @throws FutureRevisionException if {@code revision} is above {@link #currentRevision()}
     */
    RangeResult range(String start, String end, long revision, int limit);

    /** All keys starting with {@code prefix}, current revision, no limit. */
    default RangeResult rangePrefix(String prefix) {
        return range(prefix, prefixEnd(prefix), 0, 0);
    }

    /**
     * Creates {@code key} only if it does not exist.
     *
     * @throws KeyExistsException if it exists
     */
    KeyValue create(String key, byte[] value);

    /**
     * Replaces the value of {@code key} if its modRevision is {@code expectedModRevision}
     * ({@code 0} means any).
     *
     * @throws KeyNotFoundException if the key does not exist
     * @throws ConflictException if the modRevision differs
     */
    KeyValue update(String key, byte[] value, long expectedModRevision);

    /**
     * Deletes {@code key} if its modRevision is {@code expectedModRevision} ({@code 0} means any).
     * Returns the deleted key-value, with the revision of the delete in {@link KeyValue#modRevision()}
     * of the returned {@link DeleteResult}.
     *
     * @throws KeyNotFoundException if the key does not exist
     * @throws ConflictException if the modRevision differs
     */
    DeleteResult delete(String key, long expectedModRevision);

    /**
     * Streams every change to keys starting with {@code prefix} with revision
     * {@code >= startRevision}, in revision order, first those already stored (replay) and then
     * new ones as they become durable. {@code startRevision = 0} means "from the next write".
     *
     * <p>If a compaction overtakes the replay, the watch ends with
     * {@link WatchListener#onClose(Throwable)} given a {@link CompactedException}.
     *
     * @throws CompactedException if {@code startRevision} is compacted
     */
    Watch watch(String prefix, long startRevision, WatchListener listener);

    /**
     * Discards history at and below {@code revision}; current values stay. Compacting at or below
     * {@link #compactedRevision()} does nothing.
     *
     * @throws FutureRevisionException if {@code revision} is above {@link #currentRevision()}
     */
    void compact(long revision);

    @Override
    void close();

    /** The smallest key greater than every key with this prefix (etcd's "prefix end"). */
    static String prefixEnd(String prefix) {
        if (prefix.isEmpty()) {
            return "\uffff";
        }
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
