package dev.kube4j.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/** Collects a watch's events and checks that calls never overlap. */
public final class RecordingListener implements WatchListener {

    private final List<WatchEvent> events = new ArrayList<>();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean overlapped;
    private volatile Throwable closeCause;

    @Override
    public void onEvents(List<WatchEvent> batch) {
        if (!inCall.compareAndSet(false, true)) {
            overlapped = true;
        }
        synchronized (this) {
            events.addAll(batch);
        }
        inCall.set(false);
    }

    @Override
    public void onClose(Throwable cause) {
        closeCause = cause;
        closed.countDown();
    }

    public synchronized List<WatchEvent> events() {
        return List.copyOf(events);
    }

    public List<Long> revisions() {
        return events().stream().map(WatchEvent::revision).toList();
    }

    /** Waits (generously, this is no timing assertion) until {@code count} events arrived. */
    public List<WatchEvent> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= count);
        return events();
    }

    public boolean awaitClose() throws InterruptedException {
        return closed.await(30, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    public Throwable closeCause() {
        return closeCause;
    }

    public boolean overlapped() {
        return overlapped;
    }
}
