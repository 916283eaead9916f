package dev.kube4j.apiserver.watch;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's subscription: the cache thread offers events without blocking, the client's
 * thread takes them. A client that falls too far behind is cut off; like any watch client it
 * then re-lists or re-watches from its last resourceVersion.
 */
public final class CacheWatcher implements AutoCloseable {

    static final int MAX_BACKLOG = 200_000;

    private final String prefix;
    private final long backlogRevision;
    private final LinkedBlockingQueue<CacheEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile boolean overflowed;

    CacheWatcher(String prefix, List<CacheEvent> backlog, long backlogRevision, Runnable onClose) {
        this.prefix = prefix;
        this.backlogRevision = backlogRevision;
        this.onClose = onClose;
        queue.addAll(backlog);
    }

    String prefix() {
        return prefix;
    }

    /** The cache's revision when the backlog was taken: later offers at or below it are duplicates. */
    long backlogRevision() {
        return backlogRevision;
    }

    void offer(CacheEvent event) {
        if (closed.get()) {
            return;
        }
        if (queue.size() >= MAX_BACKLOG) {
            overflowed = true;
            close();
            return;
        }
        queue.offer(event);
    }

    /** The next event, or null after the timeout; throws when the watcher was cut off. */
    public CacheEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        CacheEvent e = queue.poll(timeout, unit);
        if (e == null && overflowed) {
            throw new IllegalStateException("watcher fell too far behind and was closed");
        }
        return e;
    }

    public boolean isClosed() {
        return closed.get() && queue.isEmpty();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
