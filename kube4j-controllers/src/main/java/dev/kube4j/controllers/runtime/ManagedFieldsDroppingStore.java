package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer cache that keeps objects without {@code metadata.managedFields}, as upstream's
 * controllers and scheduler do (their informers' transform): no loop reads them, and on a pod they
 * are a large share of the cached object — with several caches of every pod in one process, that is
 * heap per pod times the cluster's pods. An update sent without managedFields keeps the server's.
 */
public final class ManagedFieldsDroppingStore<T extends HasMetadata> extends BasicItemStore<T> {

    private ManagedFieldsDroppingStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    /** Gives a not yet started informer this store; returns the informer. */
    public static <T extends HasMetadata> SharedIndexInformer<T> install(SharedIndexInformer<T> informer) {
        return informer.itemStore(new ManagedFieldsDroppingStore<>());
    }

    @Override
    public T put(String key, T obj) {
        if (obj.getMetadata() != null) {
            obj.getMetadata().setManagedFields(null);
        }
        return super.put(key, obj);
    }
}
