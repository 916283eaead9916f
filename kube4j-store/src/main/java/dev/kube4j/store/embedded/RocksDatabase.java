package dev.kube4j.store.embedded;

import dev.kube4j.store.StoreException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The RocksDB instance, its three column families and the native objects that configure them.
 *
 * <p>Every native call goes through {@link #read} or {@link #write}, which hold a shared lock
 * that {@link #close()} takes exclusively: using a RocksDB handle after it is closed crashes the
 * JVM instead of throwing, so closing must wait for in-flight calls and later calls must fail.
 */
final class RocksDatabase implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    /** A call against the open database. */
    @FunctionalInterface
    interface Call<T> {
        T apply(RocksDatabase db) throws RocksDBException;
    }

    final RocksDB db;
    final ColumnFamilyHandle current;
    final ColumnFamilyHandle history;
    final ColumnFamilyHandle meta;

    private final List<ColumnFamilyHandle> handles;
    private final List<AutoCloseable> options;
    private final WriteOptions syncWrite;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDatabase(RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> options,
                          WriteOptions syncWrite) {
        this.db = db;
        this.handles = handles;
        this.options = options;
        this.syncWrite = syncWrite;
        // handles.get(0) is RocksDB's mandatory "default" family, unused.
        this.current = handles.get(1);
        this.history = handles.get(2);
        this.meta = handles.get(3);
    }

    static RocksDatabase open(Path dir, RocksStoreSettings settings) {
        List<AutoCloseable> options = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Cache cache = track(options, new LRUCache(settings.blockCacheBytes()));
            DBOptions dbOptions = track(options, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    // Memtables of all families together stay under this.
                    .setDbWriteBufferSize(settings.writeBufferBytes())
                    // Without this a rarely written family would pin old WAL files forever.
                    .setMaxTotalWalSize(64L << 20)
                    // Flushes of the families stay consistent with each other and with the WAL.
                    .setAtomicFlush(true)
                    // After kill -9 the WAL tail may be torn: recover every complete batch before it.
                    .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                    .setMaxBackgroundJobs(2)
                    .setMaxOpenFiles(512)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setKeepLogFileNum(2)
                    .setMaxLogFileSize(1L << 20)
                    .setStatsDumpPeriodSec(0));
            ColumnFamilyOptions currentOptions = track(options,
                    familyOptions(options, cache, true, settings.writeBufferBytes() / 2));
            ColumnFamilyOptions historyOptions = track(options,
                    familyOptions(options, cache, false, settings.writeBufferBytes() / 2));
            ColumnFamilyOptions metaOptions = track(options, familyOptions(options, cache, false, 1L << 20));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, metaOptions),
                    new ColumnFamilyDescriptor(StoreCodec.utf8("current"), currentOptions),
                    new ColumnFamilyDescriptor(StoreCodec.utf8("history"), historyOptions),
                    new ColumnFamilyDescriptor(StoreCodec.utf8("meta"), metaOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            WriteOptions syncWrite = track(options, new WriteOptions().setSync(true));
            return new RocksDatabase(db, handles, options, syncWrite);
        } catch (Exception e) {
            closeAll(options);
            throw new StoreException("cannot open store in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ColumnFamilyOptions familyOptions(List<AutoCloseable> options, Cache cache,
                                                     boolean pointLookups, long writeBufferBytes) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setBlockSize(16 << 10)
                // Index and filter blocks count against the cache instead of growing unbounded.
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        if (pointLookups) {
            // The writer does one get per write to check preconditions.
            table.setFilterPolicy(track(options, new BloomFilter(10)));
        }
        return new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(writeBufferBytes)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    /** Runs a call while the database is guaranteed open. */
    <T> T read(Call<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("store is closed");
            }
            return call.apply(this);
        } catch (RocksDBException e) {
            throw new StoreException("storage failure: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Writes and fsyncs one batch; returns once it is durable. Call only inside {@link #read}. */
    void writeDurably(WriteBatch batch) throws RocksDBException {
        db.write(syncWrite, batch);
    }

    long metaRevision(ReadOptions readOptions, byte[] name) throws RocksDBException {
        return StoreCodec.revision(db.get(meta, readOptions, name));
    }

    boolean isClosed() {
        lifecycle.readLock().lock();
        try {
            return closed;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (ColumnFamilyHandle handle : handles) {
                handle.close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw new StoreException("closing store failed: " + e.getMessage(), e);
            } finally {
                closeAll(options);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> options, T resource) {
        options.add(resource);
        return resource;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Native option objects do not fail to close.
            }
        }
    }
}
