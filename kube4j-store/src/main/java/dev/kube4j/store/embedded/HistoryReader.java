package dev.kube4j.store.embedded;

import dev.kube4j.store.CompactedException;
import dev.kube4j.store.WatchEvent;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the event log. Every revision has exactly one event and compaction only removes a prefix
 * of the log, so a read that does not start exactly at the requested revision proves that the
 * revision was compacted meanwhile.
 */
final class HistoryReader {

    private final RocksDatabase db;

    HistoryReader(RocksDatabase db) {
        this.db = db;
    }

    /**
     * Up to {@code max} events of revisions {@code from..toInclusive}, all keys, in order.
     *
     * @throws CompactedException if {@code from} is no longer in the log
     */
    List<WatchEvent> read(long from, long toInclusive, int max) {
        return db.read(rocks -> {
            List<WatchEvent> events = new ArrayList<>();
            try (Slice upper = new Slice(StoreCodec.revision(toInclusive + 1));
                 ReadOptions options = new ReadOptions().setIterateUpperBound(upper).setFillCache(false);
                 RocksIterator it = rocks.db.newIterator(rocks.history, options)) {
                long expected = from;
                for (it.seek(StoreCodec.revision(from)); it.isValid() && events.size() < max; it.next()) {
                    long revision = StoreCodec.revision(it.key());
                    if (revision != expected) {
                        throw compacted(from, rocks, options);
                    }
                    events.add(StoreCodec.decodeEvent(it.value()));
                    expected++;
                }
                it.status();
                if (events.isEmpty() && from <= toInclusive) {
                    throw compacted(from, rocks, options);
                }
            }
            return events;
        });
    }

    private static CompactedException compacted(long from, RocksDatabase rocks, ReadOptions options)
            throws org.rocksdb.RocksDBException {
        long compacted = rocks.metaRevision(options, StoreCodec.COMPACTED_REVISION);
        return new CompactedException("revision " + from + " has been compacted (compacted revision "
                + compacted + ")", compacted);
    }
}
