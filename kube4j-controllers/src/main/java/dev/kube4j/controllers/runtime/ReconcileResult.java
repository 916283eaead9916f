package dev.kube4j.controllers.runtime;

import java.time.Duration;

/** What the loop does with a key after reconciling it. */
public sealed interface ReconcileResult {

    /** Nothing left to do until the key changes again; its backoff is reset. */
    record Done() implements ReconcileResult {}

    /** Not finished (e.g. waiting on others): retry with the key's growing backoff. */
    record RequeueWithBackoff() implements ReconcileResult {}

    /** Retry after a fixed delay; the key's backoff is reset. */
    record RequeueAfter(Duration delay) implements ReconcileResult {}

    static ReconcileResult done() {
        return new Done();
    }

    static ReconcileResult requeueWithBackoff() {
        return new RequeueWithBackoff();
    }

    static ReconcileResult requeueAfter(Duration delay) {
        return new RequeueAfter(delay);
    }
}
