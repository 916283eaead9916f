package dev.kube4j.store.embedded;

import dev.kube4j.store.StoreException;
import dev.kube4j.store.WatchEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands each durable group of events to the running watches.
 *
 * <p>Registration and publication share one lock, which closes the race between replay and live
 * delivery: a watch registered while the last published revision is N receives every revision
 * above N live, and replays only revisions up to N, which are already durable in the log. No event
 * falls between the two and none comes through both.
 */
final class WatchHub {

    private final ReentrantLock lock = new ReentrantLock();
    private final List<StoreWatch> watches = new ArrayList<>();
    private long lastPublished;
    private boolean closed;

    WatchHub(long lastPublished) {
        this.lastPublished = lastPublished;
    }

    /** Adds the watch; returns the first revision it will receive live. */
    long register(StoreWatch watch) {
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("store is closed");
            }
            watches.add(watch);
            return lastPublished + 1;
        } finally {
            lock.unlock();
        }
    }

    void unregister(StoreWatch watch) {
        lock.lock();
        try {
            watches.remove(watch);
        } finally {
            lock.unlock();
        }
    }

    /** Called by the writer, in revision order, once {@code events} are durable. Never blocks on a watcher. */
    void publish(List<WatchEvent> events, long lastRevision) {
        lock.lock();
        try {
            lastPublished = lastRevision;
            if (events.isEmpty()) {
                return;
            }
            for (Iterator<StoreWatch> it = watches.iterator(); it.hasNext(); ) {
                if (!it.next().offer(events)) {
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return watches.size();
        } finally {
            lock.unlock();
        }
    }

    /** The largest number of events any watch has not yet delivered. */
    long maxBacklog() {
        lock.lock();
        try {
            return watches.stream().mapToLong(StoreWatch::backlog).max().orElse(0);
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting watches and ends the running ones; returns them so the caller can wait. */
    List<StoreWatch> close() {
        List<StoreWatch> ended;
        lock.lock();
        try {
            closed = true;
            ended = new ArrayList<>(watches);
            watches.clear();
        } finally {
            lock.unlock();
        }
        ended.forEach(watch -> watch.end(null));
        return ended;
    }
}
