package dev.kube4j.controllers.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rate-limited work queue of keys with client-go's guarantees: a key is queued at most once
 * however often it is added, and is never handed to two workers at once — a key added while it is
 * being processed is queued again when the worker calls {@link #done}. Controllers therefore
 * reconcile the latest state of a key, never a backlog of stale events.
 */
public final class WorkQueue<K> implements AutoCloseable {

    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ItemBackoff<K> backoff;
    private final ScheduledExecutorService delayed;
    private boolean shuttingDown;

    public WorkQueue(String name, ItemBackoff<K> backoff) {
        this.backoff = backoff;
        this.delayed = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name(name + "-delayed").factory());
    }

    public void add(K key) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            delayed.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key after its backoff delay, which grows with every call until {@link #forget}. */
    public void addRateLimited(K key) {
        addAfter(key, backoff.next(key));
    }

    /** Stops tracking the key's failures: the next {@link #addRateLimited} starts from the base delay. */
    public void forget(K key) {
        backoff.forget(key);
    }

    public int failures(K key) {
        return backoff.failures(key);
    }

    /** Blocks until a key is available; null once the queue is shut down and drained of keys. */
    public K take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                available.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            K key = queue.pollFirst();
            processing.add(key);
            dirty.remove(key);
            return key;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the key processed; if it was added meanwhile, it goes back in the queue now. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key)) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker with null; keys already queued are dropped. */
    @Override
    public void close() {
        lock.lock();
        try {
            shuttingDown = true;
            queue.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        delayed.shutdownNow();
    }
}
