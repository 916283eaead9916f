package dev.kube4j.scheduler.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upstream's scheduling queue: an active queue ordered by priority then arrival; a back-off queue
 * for pods whose attempt failed (1 s doubling to 10 s); and an unschedulable set whose pods wait
 * for a cluster change that might help them (or 5 minutes) before they are tried again.
 */
public final class SchedulingQueue {

    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration UNSCHEDULABLE_MAX_WAIT = Duration.ofMinutes(5);

    private record Entry(String key, int priority, long seq) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final PriorityQueue<Entry> active = new PriorityQueue<>((a, b) -> a.priority != b.priority
            ? Integer.compare(b.priority, a.priority) : Long.compare(a.seq, b.seq));
    private final Map<String, Entry> inActive = new HashMap<>();
    /** Key → nanoTime when its back-off ends. */
    private final Map<String, Long> backoff = new HashMap<>();
    /** Key → nanoTime when it was found unschedulable. */
    private final Map<String, Long> unschedulable = new HashMap<>();
    private final Map<String, Integer> priorities = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private long seq;
    private boolean closed;

    public SchedulingQueue() {
        this(INITIAL_BACKOFF, MAX_BACKOFF);
    }

    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** A pending pod was added or changed: try it (again) unless it is backing off. */
    public void add(String key, int priority) {
        lock.lock();
        try {
            priorities.put(key, priority);
            if (inActive.containsKey(key) || backoff.containsKey(key)) {
                return;
            }
            unschedulable.remove(key);
            pushActive(key, priority);
        } finally {
            lock.unlock();
        }
    }

    private void pushActive(String key, int priority) {
        Entry e = new Entry(key, priority, seq++);
        active.add(e);
        inActive.put(key, e);
        ready.signal();
    }

    /** The pod is gone or no longer pending. */
    public void remove(String key) {
        lock.lock();
        try {
            Entry e = inActive.remove(key);
            if (e != null) {
                active.remove(e);
            }
            backoff.remove(key);
            unschedulable.remove(key);
            priorities.remove(key);
            attempts.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** The attempt failed: back off, and if no node fits, wait for a cluster change as well. */
    public void failed(String key, boolean noNodeFits) {
        lock.lock();
        try {
            if (!priorities.containsKey(key)) {
                return; // removed meanwhile
            }
            int n = attempts.merge(key, 1, Integer::sum);
            long delay = Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() << Math.min(n - 1, 20));
            if (noNodeFits) {
                unschedulable.put(key, System.nanoTime());
            }
            backoff.put(key, System.nanoTime() + delay);
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    public void succeeded(String key) {
        remove(key);
    }

    /** A node appeared or changed, or a pod freed room: unschedulable pods may fit now. */
    public void clusterChanged() {
        lock.lock();
        try {
            unschedulable.clear();
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next pod to schedule, waiting up to {@code timeout}; null on timeout or close. */
    public String pop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!closed) {
                promoteDue();
                Entry e = active.poll();
                if (e != null) {
                    inActive.remove(e.key);
                    return e.key;
                }
                long wait = Math.min(deadline - System.nanoTime(), nextDueIn());
                if (deadline - System.nanoTime() <= 0) {
                    return null;
                }
                ready.await(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Moves pods whose back-off ended (and that are not waiting as unschedulable, or waited too long) to active. */
    private void promoteDue() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Long>> it = backoff.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() > now) {
                continue;
            }
            Long since = unschedulable.get(e.getKey());
            if (since != null && now - since < UNSCHEDULABLE_MAX_WAIT.toNanos()) {
                continue;
            }
            it.remove();
            unschedulable.remove(e.getKey());
            pushActive(e.getKey(), priorities.getOrDefault(e.getKey(), 0));
        }
    }

    private long nextDueIn() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : backoff.entrySet()) {
            if (!unschedulable.containsKey(e.getKey())) {
                next = Math.min(next, e.getValue() - now);
            }
        }
        return unschedulable.isEmpty() ? next : Math.min(next, TimeUnit.SECONDS.toNanos(30));
    }

    public int pending() {
        lock.lock();
        try {
            return priorities.size();
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
