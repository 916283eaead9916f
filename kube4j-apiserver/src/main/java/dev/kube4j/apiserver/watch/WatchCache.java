package dev.kube4j.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import dev.kube4j.store.WatchListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The API server's in-memory mirror of every object under {@code /registry/}, fed by one store
 * watch. Lists and watches are served from here so the store sees only writes and point reads,
 * as upstream's cacher does in front of etcd. A bounded window of recent events lets watches
 * resume from a resourceVersion; older ones get "too old resource version".
 */
public final class WatchCache implements WatchListener, AutoCloseable {

    public static final String ROOT = "/registry/";

    private final Store store;
    private final int historyCapacity;
    private final ConcurrentSkipListMap<String, CachedObject> objects = new ConcurrentSkipListMap<>();
    private final ArrayDeque<CacheEvent> history = new ArrayDeque<>();
    private final CopyOnWriteArrayList<CacheWatcher> watchers = new CopyOnWriteArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition advanced = lock.writeLock().newCondition();
    private volatile long revision;
    /** Resource versions at or below this are not in {@link #history}. */
    private volatile long oldestResumable;
    private Watch storeWatch;

    public WatchCache(Store store, int historyCapacity) {
        this.store = store;
        this.historyCapacity = historyCapacity;
    }

    /** Loads every object and follows the store from there on. */
    public void start() {
        RangeResult all = store.range(ROOT, Store.prefixEnd(ROOT), 0, 0);
        lock.writeLock().lock();
        try {
            for (KeyValue kv : all.kvs()) {
                objects.put(kv.key(), toCached(kv));
            }
            revision = all.revision();
            oldestResumable = all.revision();
        } finally {
            lock.writeLock().unlock();
        }
        // The whole key space, not just ROOT: a consistent list waits for the store's current revision,
        // and on a shared etcd writes outside ROOT move that revision too; their events only advance ours.
        storeWatch = store.watch("", all.revision() + 1, this);
    }

    public long revision() {
        return revision;
    }

    /** Blocks until the cache has applied {@code rev}; false on timeout. */
    public boolean awaitRevision(long rev, long timeoutMillis) throws InterruptedException {
        if (revision >= rev) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.writeLock().lock();
        try {
            while (revision < rev) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                advanced.awaitNanos(left);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Waits until the cache holds every write the store has acknowledged so far. */
    public boolean awaitStoreRevision(long timeoutMillis) throws InterruptedException {
        return awaitRevision(store.currentRevision(), timeoutMillis);
    }

    public CachedObject get(String key) {
        return objects.get(key);
    }

    /** A consistent snapshot of the objects whose keys start with {@code prefix}, in key order. */
    public Snapshot list(String prefix, String startAfterKey) {
        lock.readLock().lock();
        try {
            var range = objects.subMap(prefix, true, dev.kube4j.store.Store.prefixEnd(prefix), false);
            if (startAfterKey != null) {
                range = range.tailMap(startAfterKey, false);
            }
            return new Snapshot(new ArrayList<>(range.values()), revision);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A list result with the revision it reflects. */
    public record Snapshot(List<CachedObject> items, long revision) {
    }

    /**
     * Subscribes to changes under {@code prefix} after {@code fromRevision}.
     *
     * @throws TooOldResourceVersionException when events after that revision left the window
     */
    public CacheWatcher watch(String prefix, long fromRevision) {
        lock.readLock().lock();
        try {
            if (fromRevision < oldestResumable) {
                throw new TooOldResourceVersionException(fromRevision, oldestResumable + 1);
            }
            List<CacheEvent> backlog = new ArrayList<>();
            if (fromRevision < revision) {
                Iterator<CacheEvent> it = history.descendingIterator();
                while (it.hasNext()) {
                    CacheEvent e = it.next();
                    if (e.revision() <= fromRevision) {
                        break;
                    }
                    if (e.key().startsWith(prefix)) {
                        backlog.add(e);
                    }
                }
                Collections.reverse(backlog);
            }
            CacheWatcher[] holder = new CacheWatcher[1];
            CacheWatcher w = new CacheWatcher(prefix, backlog, revision, () -> watchers.remove(holder[0]));
            holder[0] = w;
            watchers.add(w);
            return w;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int watcherCount() {
        return watchers.size();
    }

    public int size() {
        return objects.size();
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        List<CacheEvent> applied = new ArrayList<>(events.size());
        lock.writeLock().lock();
        try {
            for (WatchEvent we : events) {
                CacheEvent ce = we.kv().key().startsWith(ROOT) ? apply(we) : null;
                if (ce != null) {
                    applied.add(ce);
                    history.addLast(ce);
                    if (history.size() > historyCapacity) {
                        oldestResumable = history.removeFirst().revision();
                    }
                }
                revision = Math.max(revision, we.revision());
            }
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
        for (CacheWatcher w : watchers) {
            for (CacheEvent e : applied) {
                // a watcher registered since the lock was released has these events in its backlog already
                if (e.revision() > w.backlogRevision() && e.key().startsWith(w.prefix())) {
                    w.offer(e);
                }
            }
        }
    }

    private CacheEvent apply(WatchEvent we) {
        String key = we.kv().key();
        CachedObject previous = objects.get(key);
        if (we.type() == WatchEvent.Type.DELETE) {
            objects.remove(key);
            if (previous == null) {
                return null;
            }
            ObjectNode last = previous.object();
            ObjectCodec.metadata(last).put("resourceVersion", Long.toString(we.revision()));
            CachedObject tomb = CachedObject.of(key, last, we.revision());
            return new CacheEvent(CacheEvent.Type.DELETED, key, tomb, previous, we.revision());
        }
        CachedObject current = toCached(we.kv());
        objects.put(key, current);
        return new CacheEvent(previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED,
                key, current, previous, we.revision());
    }

    @Override
    public void onClose(Throwable cause) {
        for (CacheWatcher w : watchers) {
            w.close();
        }
    }

    private static CachedObject toCached(KeyValue kv) {
        return CachedObject.fromStored(kv.key(), kv.value(), kv.modRevision());
    }

    @Override
    public void close() {
        if (storeWatch != null) {
            storeWatch.close();
        }
        onClose(null);
    }
}
