package dev.kube4j.store.embedded;

import dev.kube4j.store.CompactedException;
import dev.kube4j.store.FutureRevisionException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.WatchEvent;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Range reads, all from one RocksDB snapshot so that the revision, the compaction mark, the current
 * values and the history agree with each other.
 *
 * <p>A past revision R is rebuilt as "current values, except that every key changed after R takes
 * the previous value of its first change after R". That undoes history instead of keeping
 * multi-version values: correct and simple, with a cost proportional to the writes since R — fine
 * for the API server, whose past-revision reads are rare and recent.
 */
final class RangeReader {

    private final RocksDatabase db;

    RangeReader(RocksDatabase db) {
        this.db = db;
    }

    RangeResult range(String start, String end, long revision, int limit) {
        byte[] startKey = StoreCodec.utf8(start);
        byte[] endKey = end == null ? null : StoreCodec.utf8(end);
        return db.read(rocks -> {
            Snapshot snapshot = rocks.db.getSnapshot();
            try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
                long current = rocks.metaRevision(options, StoreCodec.CURRENT_REVISION);
                long compacted = rocks.metaRevision(options, StoreCodec.COMPACTED_REVISION);
                if (revision > current) {
                    throw new FutureRevisionException("revision " + revision + " is newer than current revision "
                            + current, current);
                }
                if (revision != 0 && revision <= compacted) {
                    throw new CompactedException("revision " + revision + " has been compacted (compacted revision "
                            + compacted + ")", compacted);
                }
                long at = revision == 0 ? current : revision;
                Map<byte[], Optional<KeyValue>> changedSince = at == current
                        ? Map.of()
                        : valuesBeforeChangesAfter(rocks, options, at, current, startKey, endKey);
                return merge(rocks, snapshot, startKey, endKey, changedSince, at, limit);
            } finally {
                rocks.db.releaseSnapshot(snapshot);
            }
        });
    }

    /** For each key in range changed after {@code at}: its value at {@code at} (empty if it did not exist). */
    private static Map<byte[], Optional<KeyValue>> valuesBeforeChangesAfter(
            RocksDatabase rocks, ReadOptions options, long at, long current, byte[] startKey, byte[] endKey) {
        Map<byte[], Optional<KeyValue>> values = new TreeMap<>(Arrays::compareUnsigned);
        try (RocksIterator it = rocks.db.newIterator(rocks.history, options)) {
            for (it.seek(StoreCodec.revision(at + 1)); it.isValid(); it.next()) {
                if (StoreCodec.revision(it.key()) > current) {
                    break;
                }
                WatchEvent event = StoreCodec.decodeEvent(it.value());
                byte[] key = StoreCodec.utf8(event.kv().key());
                if (inRange(key, startKey, endKey)) {
                    values.putIfAbsent(key, Optional.ofNullable(event.prevKv()));
                }
            }
        }
        return values;
    }

    /** Current values merged with the overrides, in key order, stopping after {@code limit}. */
    private static RangeResult merge(RocksDatabase rocks, Snapshot snapshot, byte[] startKey, byte[] endKey,
                                     Map<byte[], Optional<KeyValue>> overrides, long at, int limit)
            throws RocksDBException {
        List<KeyValue> kvs = new ArrayList<>();
        boolean more = false;
        Iterator<Map.Entry<byte[], Optional<KeyValue>>> pending = overrides.entrySet().iterator();
        Map.Entry<byte[], Optional<KeyValue>> override = pending.hasNext() ? pending.next() : null;
        try (Slice upper = endKey == null ? null : new Slice(endKey);
             ReadOptions bounded = new ReadOptions().setSnapshot(snapshot);
             RocksIterator it = rocks.db.newIterator(rocks.current, upper == null ? bounded : bounded.setIterateUpperBound(upper))) {
            it.seek(startKey);
            while (it.isValid() || override != null) {
                KeyValue kv;
                byte[] key = it.isValid() ? it.key() : null;
                int order = key == null ? 1 : override == null ? -1 : Arrays.compareUnsigned(key, override.getKey());
                if (order < 0) {
                    kv = StoreCodec.decodeCurrent(StoreCodec.string(key), it.value());
                    it.next();
                } else {
                    kv = override.getValue().orElse(null);
                    if (order == 0) {
                        it.next();
                    }
                    override = pending.hasNext() ? pending.next() : null;
                }
                if (kv == null) {
                    continue;
                }
                if (limit > 0 && kvs.size() == limit) {
                    more = true;
                    break;
                }
                kvs.add(kv);
            }
            it.status();
        }
        return new RangeResult(kvs, at, more);
    }

    private static boolean inRange(byte[] key, byte[] startKey, byte[] endKey) {
        return Arrays.compareUnsigned(key, startKey) >= 0 && (endKey == null || Arrays.compareUnsigned(key, endKey) < 0);
    }
}
