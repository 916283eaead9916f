package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Worker threads taking keys from a {@link WorkQueue} and handing them to a {@link Reconciler}. */
public final class ControllerLoop<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);

    private final String name;
    private final WorkQueue<K> queue;
    private final Reconciler<K> reconciler;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();

    public ControllerLoop(String name, WorkQueue<K> queue, Reconciler<K> reconciler, int workers) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.workers = workers;
    }

    private boolean closed;

    /** Starts the workers; a no-op once closed (a start deferred until caches sync may come late). */
    public synchronized void start() {
        if (closed) {
            return;
        }
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
        }
    }

    private void work() {
        try {
            K key;
            while ((key = queue.take()) != null) {
                processOne(key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void processOne(K key) {
        try {
            switch (reconciler.reconcile(key)) {
                case ReconcileResult.Done d -> queue.forget(key);
                case ReconcileResult.RequeueWithBackoff r -> queue.addRateLimited(key);
                case ReconcileResult.RequeueAfter r -> {
                    queue.forget(key);
                    queue.addAfter(key, r.delay());
                }
            }
        } catch (Exception e) {
            if (e instanceof KubernetesClientException k && k.getCode() == 409) {
                // A conflict only means the cache was behind a write: routine, retried quietly.
                log.debug("{}: reconciling {} hit a conflict, retrying: {}", name, key, e.getMessage());
            } else {
                // Level-triggered: a retry reads fresh state, so any failure is handled the same way.
                log.warn("{}: reconciling {} failed (attempt {}), retrying with backoff: {}",
                        name, key, queue.failures(key) + 1, e.toString());
            }
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
        }
        queue.close();
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
