package dev.kube4j.controllers.runtime;

/**
 * Brings the world in line with the desired state of one key, reading current state afresh each
 * time (level-triggered): it must be safe to call any number of times, in any order, after restarts.
 * Throwing is a failure: the key is retried with backoff.
 */
@FunctionalInterface
public interface Reconciler<K> {
    ReconcileResult reconcile(K key) throws Exception;
}
