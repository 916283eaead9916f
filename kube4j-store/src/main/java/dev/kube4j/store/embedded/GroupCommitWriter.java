package dev.kube4j.store.embedded;

import dev.kube4j.store.ConflictException;
import dev.kube4j.store.DeleteResult;
import dev.kube4j.store.FutureRevisionException;
import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyNotFoundException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.WatchEvent;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The only thread that writes. It takes every queued write (group commit), checks each one's
 * precondition against the current state including earlier writes of the same group, gives the
 * successful ones consecutive revisions, and writes the whole group as ONE fsync'd RocksDB
 * {@link WriteBatch}. Only then are the events published to watchers and the callers completed, so
 * nothing is acknowledged or observed before it is durable, and one fsync serves many writers.
 *
 * <p>A single writer makes revision assignment and precondition checks trivially serial, with no
 * locks: under concurrency the cost of the serial part is tiny next to the fsync it amortizes.
 */
final class GroupCommitWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending(WriteOp op, CompletableFuture<Object> result) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final RocksDatabase db;
    private final WatchHub hub;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    /** Set when a batch failed to persist: its revisions may or may not be on disk, so stop writing. */
    private volatile StoreException failed;
    private volatile long currentRevision;
    private volatile long compactedRevision;

    GroupCommitWriter(RocksDatabase db, WatchHub hub, int maxBatch, long currentRevision, long compactedRevision) {
        this.db = db;
        this.hub = hub;
        this.maxBatch = maxBatch;
        this.currentRevision = currentRevision;
        this.compactedRevision = compactedRevision;
        // A platform thread: the fsync is a long JNI call, which would pin a virtual thread's carrier anyway.
        this.thread = Thread.ofPlatform().name("store-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The revision of the newest durable write. */
    long currentRevision() {
        return currentRevision;
    }

    long compactedRevision() {
        return compactedRevision;
    }

    /** Queues a write and waits until it is durable (or rejected). */
    Object submit(WriteOp op) {
        if (stopping) {
            throw new StoreException("store is closed");
        }
        Pending pending = new Pending(op, new CompletableFuture<>());
        queue.add(pending);
        // Lost race with stop(): if the writer's final drain did not see us, fail here.
        if (stopping && queue.remove(pending)) {
            throw new StoreException("store is closed");
        }
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StoreException("write failed", e.getCause());
        }
    }

    /** Commits what is queued, then stops; later writes fail. */
    void stop() {
        stopping = true;
        queue.add(STOP);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        failLeftovers();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only stop() ends the writer, so that no queued write is dropped
            }
            queue.drainTo(batch, maxBatch - 1);
            stop = batch.removeIf(p -> p == STOP);
            if (!batch.isEmpty()) {
                try {
                    commit(batch);
                } catch (Throwable bug) {
                    // A dead writer would leave every caller waiting forever: fail the group, keep going.
                    LOG.error("store writer failed unexpectedly", bug);
                    StoreException failure = new StoreException("store writer failed: " + bug, bug);
                    batch.forEach(p -> p.result().completeExceptionally(failure));
                }
            }
            batch.clear();
        }
        failLeftovers();
    }

    private void failLeftovers() {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            if (pending != STOP) {
                pending.result().completeExceptionally(new StoreException("store is closed"));
            }
        }
    }

    private void commit(List<Pending> batch) {
        if (failed != null) {
            batch.forEach(p -> p.result().completeExceptionally(failed));
            return;
        }
        GroupState state = new GroupState(currentRevision, compactedRevision);
        List<Object> outcomes = new ArrayList<>(batch.size());
        try (WriteBatch writeBatch = new WriteBatch()) {
            db.read(rocks -> {
                for (Pending pending : batch) {
                    try {
                        outcomes.add(apply(pending.op(), writeBatch, state));
                    } catch (StoreException rejected) {
                        outcomes.add(rejected);
                    }
                }
                if (state.revision != currentRevision) {
                    writeBatch.put(rocks.meta, StoreCodec.CURRENT_REVISION, StoreCodec.revision(state.revision));
                }
                if (writeBatch.count() > 0) {
                    rocks.writeDurably(writeBatch);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            LOG.error("store write of {} operations failed", batch.size(), e);
            StoreException failure = new StoreException(
                    "store write failed, reopen the store to recover: " + e.getMessage(), e);
            if (!db.isClosed()) {
                failed = failure;
            }
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return;
        }
        compactedRevision = state.compacted;
        currentRevision = state.revision;
        // Publish before completing: a watch opened after a write returned never replays it as "live".
        hub.publish(state.events, state.revision);
        for (int i = 0; i < batch.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof StoreException rejected) {
                batch.get(i).result().completeExceptionally(rejected);
            } else {
                batch.get(i).result().complete(outcome);
            }
        }
    }

    /** Revision, compaction and key states as seen by the next write in the group. */
    private final class GroupState {
        long revision;
        long compacted;
        final Map<String, Optional<KeyValue>> written = new HashMap<>();
        final List<WatchEvent> events = new ArrayList<>();

        GroupState(long revision, long compacted) {
            this.revision = revision;
            this.compacted = compacted;
        }

        KeyValue lookup(String key) throws RocksDBException {
            Optional<KeyValue> earlier = written.get(key);
            if (earlier != null) {
                return earlier.orElse(null);
            }
            byte[] bytes = db.db.get(db.current, StoreCodec.utf8(key));
            return bytes == null ? null : StoreCodec.decodeCurrent(key, bytes);
        }
    }

    private Object apply(WriteOp op, WriteBatch batch, GroupState state) throws RocksDBException {
        return switch (op) {
            case WriteOp.Create create -> {
                if (state.lookup(create.key()) != null) {
                    throw new KeyExistsException("key already exists: " + create.key());
                }
                long revision = ++state.revision;
                KeyValue kv = new KeyValue(create.key(), create.value(), revision, revision, 1);
                put(batch, state, kv, null);
                yield kv;
            }
            case WriteOp.Update update -> {
                KeyValue previous = existing(state, update.key(), update.expectedModRevision());
                long revision = ++state.revision;
                KeyValue kv = new KeyValue(update.key(), update.value(), previous.createRevision(), revision,
                        previous.version() + 1);
                put(batch, state, kv, previous);
                yield kv;
            }
            case WriteOp.Delete delete -> {
                KeyValue previous = existing(state, delete.key(), delete.expectedModRevision());
                long revision = ++state.revision;
                batch.delete(db.current, StoreCodec.utf8(delete.key()));
                WatchEvent event = new WatchEvent(WatchEvent.Type.DELETE,
                        new KeyValue(delete.key(), null, 0, revision, 0), previous);
                record(batch, state, event);
                state.written.put(delete.key(), Optional.empty());
                yield new DeleteResult(previous, revision);
            }
            case WriteOp.Compact compact -> {
                if (compact.revision() > state.revision) {
                    throw new FutureRevisionException("cannot compact at future revision " + compact.revision()
                            + ", current is " + state.revision, state.revision);
                }
                if (compact.revision() > state.compacted) {
                    // Revision keys are big-endian, so [0, rev + 1) is exactly "history at or below rev".
                    batch.deleteRange(db.history, StoreCodec.revision(0), StoreCodec.revision(compact.revision() + 1));
                    batch.put(db.meta, StoreCodec.COMPACTED_REVISION, StoreCodec.revision(compact.revision()));
                    state.compacted = compact.revision();
                }
                yield state.compacted;
            }
        };
    }

    private static KeyValue existing(GroupState state, String key, long expectedModRevision) throws RocksDBException {
        KeyValue previous = state.lookup(key);
        if (previous == null) {
            throw new KeyNotFoundException("key not found: " + key);
        }
        if (expectedModRevision != 0 && previous.modRevision() != expectedModRevision) {
            throw new ConflictException("key " + key + " has modRevision " + previous.modRevision()
                    + ", expected " + expectedModRevision);
        }
        return previous;
    }

    private void put(WriteBatch batch, GroupState state, KeyValue kv, KeyValue previous) throws RocksDBException {
        batch.put(db.current, StoreCodec.utf8(kv.key()), StoreCodec.encodeCurrent(kv));
        record(batch, state, new WatchEvent(WatchEvent.Type.PUT, kv, previous));
        state.written.put(kv.key(), Optional.of(kv));
    }

    private void record(WriteBatch batch, GroupState state, WatchEvent event) throws RocksDBException {
        batch.put(db.history, StoreCodec.revision(event.revision()), StoreCodec.encodeEvent(event));
        state.events.add(event);
    }
}
