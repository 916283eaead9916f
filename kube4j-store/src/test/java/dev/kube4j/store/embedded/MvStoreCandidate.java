package dev.kube4j.store.embedded;

import dev.kube4j.store.ConflictException;
import dev.kube4j.store.DeleteResult;
import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyNotFoundException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import dev.kube4j.store.WatchListener;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The H2 MVStore candidate, only as far as needed to measure it against {@link RocksStore}: the
 * same group-commit write path (one writer thread, current + history + meta maps, one
 * {@code commit()} + {@code sync()} — i.e. fsync — per group), plus get and range at the current
 * revision. No watch, no past revisions, no compaction.
 *
 * <p>Simplification: reads see the maps' head, so they may observe a group that is being committed
 * before its fsync returns. A real implementation would read the last committed version.
 */
final class MvStoreCandidate implements Store {

    private record Pending(WriteOp op, CompletableFuture<Object> result) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final MVStore mv;
    private final MVMap<String, byte[]> current;
    private final MVMap<Long, byte[]> history;
    private final MVMap<String, Long> meta;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile long revision;

    private MvStoreCandidate(Path file) {
        mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(32).open();
        current = mv.openMap("current");
        history = mv.openMap("history");
        meta = mv.openMap("meta");
        revision = meta.getOrDefault("currentRevision", 0L);
        writer = Thread.ofPlatform().name("mvstore-writer").daemon().start(this::run);
    }

    static MvStoreCandidate open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MvStoreCandidate(dir.resolve("store.mv.db"));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(batch, 1023);
            boolean stop = batch.removeIf(p -> p == STOP);
            List<Object> outcomes = new ArrayList<>();
            long rev = revision;
            for (Pending p : batch) {
                try {
                    outcomes.add(apply(p.op(), ++rev));
                } catch (StoreException e) {
                    rev--;
                    outcomes.add(e);
                }
            }
            meta.put("currentRevision", rev);
            try {
                mv.commit();
                mv.sync(); // commit() writes the chunk; sync() forces it to disk
                revision = rev;
                for (int i = 0; i < batch.size(); i++) {
                    if (outcomes.get(i) instanceof StoreException e) {
                        batch.get(i).result().completeExceptionally(e);
                    } else {
                        batch.get(i).result().complete(outcomes.get(i));
                    }
                }
            } catch (RuntimeException e) {
                batch.forEach(p -> p.result().completeExceptionally(new StoreException("write failed", e)));
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private Object apply(WriteOp op, long rev) {
        return switch (op) {
            case WriteOp.Create c -> {
                if (current.containsKey(c.key())) {
                    throw new KeyExistsException(c.key());
                }
                KeyValue kv = new KeyValue(c.key(), c.value(), rev, rev, 1);
                put(kv, null);
                yield kv;
            }
            case WriteOp.Update u -> {
                KeyValue prev = existing(u.key(), u.expectedModRevision());
                KeyValue kv = new KeyValue(u.key(), u.value(), prev.createRevision(), rev, prev.version() + 1);
                put(kv, prev);
                yield kv;
            }
            case WriteOp.Delete d -> {
                KeyValue prev = existing(d.key(), d.expectedModRevision());
                current.remove(d.key());
                history.put(rev, StoreCodec.encodeEvent(
                        new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(d.key(), null, 0, rev, 0), prev)));
                yield new DeleteResult(prev, rev);
            }
            case WriteOp.Compact ignored -> throw new UnsupportedOperationException("compact");
        };
    }

    private KeyValue existing(String key, long expected) {
        byte[] bytes = current.get(key);
        if (bytes == null) {
            throw new KeyNotFoundException(key);
        }
        KeyValue prev = StoreCodec.decodeCurrent(key, bytes);
        if (expected != 0 && prev.modRevision() != expected) {
            throw new ConflictException(key);
        }
        return prev;
    }

    private void put(KeyValue kv, KeyValue prev) {
        current.put(kv.key(), StoreCodec.encodeCurrent(kv));
        history.put(kv.modRevision(), StoreCodec.encodeEvent(new WatchEvent(WatchEvent.Type.PUT, kv, prev)));
    }

    private Object submit(WriteOp op) {
        Pending p = new Pending(op, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.result().join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    @Override
    public long currentRevision() {
        return revision;
    }

    @Override
    public long compactedRevision() {
        return 0;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        byte[] bytes = current.get(key);
        return Optional.ofNullable(bytes == null ? null : StoreCodec.decodeCurrent(key, bytes));
    }

    @Override
    public RangeResult range(String start, String end, long rev, int limit) {
        if (rev != 0) {
            throw new UnsupportedOperationException("past revisions");
        }
        long at = revision;
        List<KeyValue> kvs = new ArrayList<>();
        Cursor<String, byte[]> cursor = current.cursor(start);
        while (cursor.hasNext()) {
            String key = cursor.next();
            if (end != null && key.compareTo(end) >= 0) {
                break;
            }
            if (limit > 0 && kvs.size() == limit) {
                return new RangeResult(kvs, at, true);
            }
            kvs.add(StoreCodec.decodeCurrent(key, cursor.getValue()));
        }
        return new RangeResult(kvs, at, false);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return (KeyValue) submit(new WriteOp.Create(key, value));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        return (KeyValue) submit(new WriteOp.Update(key, value, expectedModRevision));
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        return (DeleteResult) submit(new WriteOp.Delete(key, expectedModRevision));
    }

    @Override
    public Watch watch(String prefix, long startRevision, WatchListener listener) {
        throw new UnsupportedOperationException("watch");
    }

    @Override
    public void compact(long rev) {
        throw new UnsupportedOperationException("compact");
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mv.close();
    }
}
