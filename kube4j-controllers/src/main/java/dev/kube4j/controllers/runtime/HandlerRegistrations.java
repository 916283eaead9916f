package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;

/**
 * The event handlers a controller added to the manager's shared informers, so that it can take
 * them off again when it stops (the informers are not its to close).
 */
public final class HandlerRegistrations {

    private final List<Runnable> removals = new ArrayList<>();

    public synchronized <T> void add(SharedIndexInformer<T> informer, ResourceEventHandler<? super T> handler) {
        informer.addEventHandler(handler);
        removals.add(() -> informer.removeEventHandler(handler));
    }

    public synchronized void removeAll() {
        removals.forEach(Runnable::run);
        removals.clear();
    }
}
