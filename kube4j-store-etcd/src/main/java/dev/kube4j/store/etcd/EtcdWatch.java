package dev.kube4j.store.etcd;

import dev.kube4j.store.CompactedException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import dev.kube4j.store.WatchListener;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SPI watch over one jetcd watcher at a time.
 *
 * <p>jetcd's callbacks only enqueue; one serial queue per watch (drained on a virtual thread) does
 * everything else, so listener calls never overlap, follow revision order, and no jetcd lock is held
 * while the listener runs. When the stream fails (a member stopped, a connection reset) the watcher is
 * replaced by a new one starting at the next revision not yet delivered — jetcd's own resume can skip
 * events if the stream breaks between "created" and the replay — and events already delivered are
 * dropped if etcd sends them again. A compaction that overtakes the watch ends it with
 * {@link CompactedException}.
 */
final class EtcdWatch implements Watch {

    /** A watch that cannot be re-established for this long ends with a {@link StoreException}. */
    private static final long RESUME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final EtcdStore store;
    private final ByteSequence key;
    private final ByteSequence end;
    private final WatchListener listener;
    private final SerialQueue queue = new SerialQueue();
    private volatile boolean userClosed;

    // touched only by tasks of the serial queue
    private long nextRevision;
    private io.etcd.jetcd.Watch.Watcher watcher;
    private int generation;
    private boolean ended;
    private long failingSince;
    private long backoffMillis;

    EtcdWatch(EtcdStore store, ByteSequence key, ByteSequence end, long startRevision, WatchListener listener) {
        this.store = store;
        this.key = key;
        this.end = end;
        this.nextRevision = startRevision;
        this.listener = listener;
    }

    void start() {
        queue.execute(this::open);
    }

    /** Ends the watch, telling the listener {@code cause} (null: the store closed). */
    void end(Throwable cause) {
        queue.execute(() -> finish(cause));
    }

    @Override
    public void close() {
        userClosed = true;
        queue.execute(() -> finish(null));
    }

    // ---- serial tasks

    private void open() {
        if (ended) {
            return;
        }
        if (store.isClosed()) {
            finish(null);
            return;
        }
        int gen = ++generation;
        WatchOption option = WatchOption.builder()
                .withRevision(nextRevision)
                .withRange(end)
                .withPrevKV(true)
                .withCreateNotify(true)
                .build();
        try {
            watcher = store.watchClient().watch(key, option, new io.etcd.jetcd.Watch.Listener() {
                @Override
                public void onNext(WatchResponse response) {
                    queue.execute(() -> onResponse(gen, response));
                }

                @Override
                public void onError(Throwable t) {
                    queue.execute(() -> onFailure(gen, t));
                }

                @Override
                public void onCompleted() {
                    queue.execute(() -> onFailure(gen, null));
                }
            });
        } catch (RuntimeException e) {
            if (store.isClosed()) {
                finish(null);
            } else {
                onFailure(gen, e);
            }
        }
    }

    private void onResponse(int gen, WatchResponse response) {
        if (gen != generation || ended) {
            return;
        }
        failingSince = 0;
        backoffMillis = 0;
        if (response.getEvents().isEmpty()) {
            return; // created or progress notification
        }
        List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
            WatchEvent converted = convert(e);
            if (converted != null && converted.revision() >= nextRevision) {
                events.add(converted);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        nextRevision = events.getLast().revision() + 1;
        if (userClosed) {
            return;
        }
        try {
            listener.onEvents(List.copyOf(events));
        } catch (Throwable t) {
            finish(t);
        }
    }

    /** The stream ended: with {@code error}, or with none if etcd or jetcd completed it. */
    private void onFailure(int gen, Throwable error) {
        if (gen != generation || ended) {
            return;
        }
        generation++; // whatever this watcher still says is stale
        closeWatcher();
        if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            long rev = store.noteCompaction(c.getCompactedRevision());
            finish(new CompactedException("watch from revision " + nextRevision + ": revisions below "
                    + c.getCompactedRevision() + " have been compacted", rev));
            return;
        }
        if (store.isClosed()) {
            finish(null);
            return;
        }
        long now = System.nanoTime();
        if (failingSince == 0) {
            failingSince = now;
        } else if (now - failingSince > RESUME_LIMIT_NANOS) {
            finish(new StoreException("etcd watch could not be re-established: "
                    + (error == null ? "stream ended" : error.getMessage()), error));
            return;
        }
        backoffMillis = backoffMillis == 0 ? 100 : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        EtcdStore.log().debug("etcd watch stream failed, resuming from revision {} in {} ms: {}",
                nextRevision, backoffMillis, error == null ? "stream ended" : error.toString());
        try {
            store.scheduler().schedule(() -> queue.execute(this::open), backoffMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // the store is closing
            finish(null);
        }
    }

    private void finish(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        closeWatcher();
        store.forget(this);
        if (!userClosed) {
            try {
                listener.onClose(cause);
            } catch (Throwable t) {
                EtcdStore.log().warn("watch listener failed in onClose", t);
            }
        }
    }

    private void closeWatcher() {
        io.etcd.jetcd.Watch.Watcher w = watcher;
        watcher = null;
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException e) {
                EtcdStore.log().debug("closing an etcd watcher failed", e);
            }
        }
    }

    static WatchEvent convert(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        return switch (e.getEventType()) {
            case PUT -> new WatchEvent(WatchEvent.Type.PUT, EtcdStore.keyValue(kv),
                    kv.getVersion() == 1 ? null : previous(e.getPrevKV()));
            case DELETE -> new WatchEvent(WatchEvent.Type.DELETE,
                    new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), null, 0, kv.getModRevision(), 0),
                    previous(e.getPrevKV()));
            case UNRECOGNIZED -> null;
        };
    }

    /** jetcd gives an empty KeyValue when etcd sent no prevKv; a real one has version >= 1. */
    private static KeyValue previous(io.etcd.jetcd.KeyValue prev) {
        return prev == null || prev.getVersion() == 0 ? null : EtcdStore.keyValue(prev);
    }

    /** Runs tasks one at a time, in submission order, on a virtual thread while any are queued. */
    private static final class SerialQueue {
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        void execute(Runnable task) {
            tasks.add(task);
            schedule();
        }

        private void schedule() {
            if (running.compareAndSet(false, true)) {
                Thread.ofVirtual().name("etcd-watch").start(this::drain);
            }
        }

        private void drain() {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        EtcdStore.log().warn("etcd watch task failed", t);
                    }
                }
            } finally {
                running.set(false);
                if (!tasks.isEmpty()) {
                    schedule();
                }
            }
        }
    }
}
