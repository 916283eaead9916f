package dev.kube4j.store.embedded;

/**
 * Tuning of {@link RocksStore}. The defaults keep RocksDB's off-heap footprint around 64 MiB
 * (block cache + memtables), which is plenty for a control plane's working set.
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
        return new RocksStoreSettings(32L << 20, 32L << 20, 1024, 10_000, 0);
    }

    public RocksStoreSettings withWatchBacklogLimit(long limit) {
        return new RocksStoreSettings(blockCacheBytes, writeBufferBytes, maxBatchWrites, watchBacklogWarn, limit);
    }
}
