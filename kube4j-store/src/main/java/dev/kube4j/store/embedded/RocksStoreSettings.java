package dev.kube4j.store.embedded;

/**
 * Tuning of {@link RocksStore}. The defaults cap RocksDB's off-heap footprint near 288 MiB
 * (block cache + memtables). The block cache holds blocks uncompressed; at 32 MiB the 5,000-node
 * benchmark's working set of pods did not fit, and every precondition read before a write
 * re-read and decompressed a block (docs/performance.md, session 8).
 *
 * @param blockCacheBytes     shared LRU cache for data, index and filter blocks of all column families
 * @param writeBufferBytes    cap on all memtables together; reaching it triggers a flush
 * @param maxBatchWrites      most writes the writer commits in one group (one fsync)
 * @param watchBacklogWarn    a watch whose undelivered events reach this is logged as slow (then at each doubling)
 * @param watchBacklogLimit   a watch whose undelivered events exceed this is closed with an error;
 *                            {@code 0} means unbounded
 */
public record RocksStoreSettings(long blockCacheBytes, long writeBufferBytes, int maxBatchWrites,
                                 int watchBacklogWarn, long watchBacklogLimit) {

    public static RocksStoreSettings defaults() {
        return new RocksStoreSettings(256L << 20, 32L << 20, 1024, 10_000, 0);
    }

    public RocksStoreSettings withWatchBacklogLimit(long limit) {
        return new RocksStoreSettings(blockCacheBytes, writeBufferBytes, maxBatchWrites, watchBacklogWarn, limit);
    }
}
