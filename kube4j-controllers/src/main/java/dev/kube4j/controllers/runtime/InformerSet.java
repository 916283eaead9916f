package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A controller's informers, started together; the work loop starts only once every cache has
 * synced, so no reconcile counts pods on an empty cache (and creates them twice).
 */
public final class InformerSet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InformerSet.class);

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** Adds a not yet started informer; its cache keeps objects without managedFields, as the shared ones. */
    public <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
        informers.add(ManagedFieldsDroppingStore.install(informer));
        return informer;
    }

    /** Starts the informers and runs {@code onSynced} (typically the work loop's start) once all have synced. */
    public void start(String name, Runnable onSynced) {
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        for (SharedIndexInformer<?> i : informers) {
            i.exceptionHandler((started, t) -> true);
            synced.add(i.start().toCompletableFuture());
        }
        CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("{}: informers failed to start: {}", name, e.toString());
                return;
            }
            onSynced.run();
        });
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> i : informers.reversed()) {
            i.close();
        }
    }
}
