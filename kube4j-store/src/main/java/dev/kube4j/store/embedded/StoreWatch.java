package dev.kube4j.store.embedded;

import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchEvent;
import dev.kube4j.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watch: a virtual thread that first replays the log from the start revision up to the
 * revision at which the watch was registered, then delivers live events from its queue.
 *
 * <p>The queue is unbounded so that the writer never waits for a slow watcher, but its backlog is
 * monitored: it is logged when it grows past a threshold (and at each doubling), and can be capped,
 * in which case the watch ends with an error and the client has to re-list.
 */
final class StoreWatch implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWatch.class);
    private static final int REPLAY_CHUNK = 512;
    private static final int MAX_DELIVERY = 1024;
    private static final List<WatchEvent> END = new ArrayList<>(0);
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String prefix;
    private final WatchListener listener;
    private final WatchHub hub;
    private final HistoryReader history;
    private final int backlogWarn;
    private final long backlogLimit;
    private final LinkedBlockingQueue<List<WatchEvent>> live = new LinkedBlockingQueue<>();
    private final AtomicLong backlog = new AtomicLong();
    /** Written only by the writer thread (in {@link #offer}). */
    private long nextWarnAt;
    /** As requested: 0 means "from the next write". Set before registration, read by the writer. */
    private long startRevision;
    private long liveFrom;
    private volatile Thread thread;
    private volatile boolean closedByClient;
    private volatile boolean ended;
    private volatile Throwable endCause;

    StoreWatch(String prefix, WatchListener listener, WatchHub hub, HistoryReader history,
               int backlogWarn, long backlogLimit) {
        this.prefix = prefix;
        this.listener = listener;
        this.hub = hub;
        this.history = history;
        this.backlogWarn = backlogWarn;
        this.backlogLimit = backlogLimit;
        this.nextWarnAt = backlogWarn;
    }

    /** Registers with the hub and starts delivery; {@code startRevision} 0 means "from the next write". */
    void start(long requestedStart) {
        startRevision = requestedStart;
        liveFrom = hub.register(this);
        thread = Thread.ofVirtual().name("store-watch-" + id).start(this::run);
    }

    long backlog() {
        return backlog.get();
    }

    /**
     * Queues the events of one durable group that match this watch; called by the writer under the
     * hub lock. Returns false when the watch has ended and must be dropped.
     */
    boolean offer(List<WatchEvent> events) {
        if (ended || closedByClient) {
            return false;
        }
        List<WatchEvent> matching = new ArrayList<>();
        for (WatchEvent event : events) {
            if (event.revision() >= startRevision && event.kv().key().startsWith(prefix)) {
                matching.add(event);
            }
        }
        if (matching.isEmpty()) {
            return true;
        }
        long pending = backlog.addAndGet(matching.size());
        live.add(matching);
        if (backlogLimit > 0 && pending > backlogLimit) {
            end(new StoreException("watch on '" + prefix + "' fell too far behind: " + pending
                    + " undelivered events"));
            return false;
        }
        if (pending >= nextWarnAt) {
            LOG.warn("watch {} on '{}' is slow: {} undelivered events", id, prefix, pending);
            nextWarnAt *= 2;
        } else if (pending < backlogWarn / 2) {
            nextWarnAt = backlogWarn;
        }
        return true;
    }

    /** Ends the watch from the store's side; the listener gets {@code onClose(cause)}. */
    void end(Throwable cause) {
        endCause = cause;
        ended = true;
        live.add(END);
    }

    /** Stops delivery on the client's request; the listener gets no further call. */
    @Override
    public void close() {
        closedByClient = true;
        hub.unregister(this);
        live.add(END);
    }

    /** Waits up to {@code timeout} for the delivery thread to finish; true if it did. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread delivery = thread;
        return delivery == null || delivery.join(timeout);
    }

    private boolean stopped() {
        return ended || closedByClient;
    }

    private void run() {
        Throwable failure = null;
        try {
            replay();
            deliverLive();
        } catch (Throwable e) {
            failure = e;
        } finally {
            hub.unregister(this);
            live.clear();
            backlog.set(0);
        }
        if (failure != null && !stopped()) {
            LOG.debug("watch {} on '{}' failed", id, prefix, failure);
        }
        if (!closedByClient) {
            try {
                listener.onClose(ended ? endCause : failure);
            } catch (RuntimeException e) {
                LOG.warn("watch {} listener failed in onClose", id, e);
            }
        }
    }

    /** Delivers the logged revisions {@code startRevision .. liveFrom-1}. */
    private void replay() {
        long next = startRevision == 0 ? liveFrom : startRevision;
        long last = liveFrom - 1;
        while (next <= last && !stopped()) {
            List<WatchEvent> chunk = history.read(next, last, REPLAY_CHUNK);
            next = chunk.getLast().revision() + 1;
            List<WatchEvent> matching = chunk.stream().filter(e -> e.kv().key().startsWith(prefix)).toList();
            if (!matching.isEmpty() && !stopped()) {
                listener.onEvents(matching);
            }
        }
    }

    private void deliverLive() throws InterruptedException {
        List<WatchEvent> batch = new ArrayList<>();
        while (!stopped()) {
            List<WatchEvent> first = live.take();
            if (first == END) {
                return;
            }
            batch.addAll(first);
            List<WatchEvent> more;
            while (batch.size() < MAX_DELIVERY && (more = live.peek()) != null && more != END) {
                batch.addAll(live.poll());
            }
            backlog.addAndGet(-batch.size());
            if (stopped()) {
                return;
            }
            listener.onEvents(List.copyOf(batch));
            batch.clear();
        }
    }
}
