package dev.kube4j.store.embedded;

import dev.kube4j.store.CompactedException;
import dev.kube4j.store.DeleteResult;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded, durable {@link Store}: RocksDB with three column families (current values, the
 * event log by revision, and meta), one group-committing writer thread and a watch hub.
 *
 * <p>Value arrays passed in and handed out are not copied; treat them as immutable.
 *
 * @see GroupCommitWriter for durability and revision assignment
 * @see RangeReader for reads at past revisions
 * @see WatchHub for the replay/live hand-over of watches
 */
public final class RocksStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(RocksStore.class);
    private static final Duration WATCH_SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final RocksDatabase db;
    private final RocksStoreSettings settings;
    private final WatchHub hub;
    private final GroupCommitWriter writer;
    private final RangeReader ranges;
    private final HistoryReader history;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RocksStore(RocksDatabase db, RocksStoreSettings settings) {
        this.db = db;
        this.settings = settings;
        long[] revisions = db.read(rocks -> new long[] {
                StoreCodec.revision(rocks.db.get(rocks.meta, StoreCodec.CURRENT_REVISION)),
                StoreCodec.revision(rocks.db.get(rocks.meta, StoreCodec.COMPACTED_REVISION))});
        this.hub = new WatchHub(revisions[0]);
        this.writer = new GroupCommitWriter(db, hub, settings.maxBatchWrites(), revisions[0], revisions[1]);
        this.ranges = new RangeReader(db);
        this.history = new HistoryReader(db);
        writer.start();
    }

    /** Opens (creating if needed) the store in {@code dir}; revisions continue where they stopped. */
    public static RocksStore open(Path dir) {
        return open(dir, RocksStoreSettings.defaults());
    }

    public static RocksStore open(Path dir, RocksStoreSettings settings) {
        RocksDatabase db = RocksDatabase.open(dir, settings);
        try {
            return new RocksStore(db, settings);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public long currentRevision() {
        return writer.currentRevision();
    }

    @Override
    public long compactedRevision() {
        return writer.compactedRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        requireKey(key);
        byte[] keyBytes = StoreCodec.utf8(key);
        return db.read(rocks -> {
            byte[] bytes = rocks.db.get(rocks.current, keyBytes);
            return Optional.ofNullable(bytes == null ? null : StoreCodec.decodeCurrent(key, bytes));
        });
    }

    /** {@code end == null} means "to the end of the key space". */
    @Override
    public RangeResult range(String start, String end, long revision, int limit) {
        Objects.requireNonNull(start, "start");
        if (revision < 0) {
            throw new IllegalArgumentException("negative revision " + revision);
        }
        return ranges.range(start, end, revision, limit);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        requireKey(key);
        Objects.requireNonNull(value, "value");
        return (KeyValue) writer.submit(new WriteOp.Create(key, value));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        requireKey(key);
        Objects.requireNonNull(value, "value");
        return (KeyValue) writer.submit(new WriteOp.Update(key, value, expectedModRevision));
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        requireKey(key);
        return (DeleteResult) writer.submit(new WriteOp.Delete(key, expectedModRevision));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The listener's {@code onClose} gets {@code null} when the store closes, a
     * {@link CompactedException} if the replay was overtaken by a compaction, and another exception
     * if the watch fell behind its backlog limit or the listener threw. Closing the watch itself
     * calls nothing.
     */
    @Override
    public Watch watch(String prefix, long startRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (startRevision < 0) {
            throw new IllegalArgumentException("negative revision " + startRevision);
        }
        if (closed.get()) {
            throw new StoreException("store is closed");
        }
        long compacted = compactedRevision();
        if (startRevision != 0 && startRevision <= compacted) {
            throw new CompactedException("revision " + startRevision + " has been compacted (compacted revision "
                    + compacted + ")", compacted);
        }
        StoreWatch watch = new StoreWatch(prefix, listener, hub, history,
                settings.watchBacklogWarn(), settings.watchBacklogLimit());
        watch.start(startRevision);
        return watch;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.kube4j.store.FutureRevisionException if {@code revision} is above the current revision;
     *         compacting at or below the compacted revision does nothing
     */
    @Override
    public void compact(long revision) {
        writer.submit(new WriteOp.Compact(revision));
    }

    /** Direct access to the event log, for tests. */
    HistoryReader history() {
        return history;
    }

    /** Number of running watches (for metrics). */
    public int watchCount() {
        return hub.size();
    }

    /** The largest backlog of undelivered events among the watches (for metrics). */
    public long maxWatchBacklog() {
        return hub.maxBacklog();
    }

    /**
     * Commits queued writes, ends the watches ({@code onClose(null)}), waits briefly for their
     * threads, then closes RocksDB.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.stop();
        List<StoreWatch> watches = hub.close();
        long deadline = System.nanoTime() + WATCH_SHUTDOWN_GRACE.toNanos();
        try {
            for (StoreWatch watch : watches) {
                long left = Math.max(1, deadline - System.nanoTime());
                if (!watch.awaitTermination(Duration.ofNanos(left))) {
                    LOG.warn("a watch listener is still busy while the store closes");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }
}
