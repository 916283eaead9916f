package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One informer per kind for all controllers of a manager, as client-go's SharedInformerFactory:
 * the pods are watched and cached once however many controllers look at them.
 */
public final class SharedInformers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedInformers.class);

    /**
     * Informers re-deliver every cached object now and then, so a missed reaction is retried: as
     * kube-controller-manager (--min-resync-period 12h), once every 12 to 24 hours, drawn per
     * informer so they do not all fire together. Each resync hands every cached object (150,000 pods
     * in a full cluster) to every handler.
     */
    private static final Duration MIN_RESYNC = Duration.ofHours(12);

    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> synced = new CopyOnWriteArrayList<>();

    public SharedInformers(KubernetesClient client) {
        this.client = client;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * The running informer for {@code type} over all namespaces, started on first use. Handlers
     * added later are first given every object already cached, as adds.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> SharedIndexInformer<T> get(Class<T> type) {
        return (SharedIndexInformer<T>) informers.computeIfAbsent(type, t -> {
            SharedIndexInformer<T> informer = ManagedFieldsDroppingStore.install(
                    client.resources(type).inAnyNamespace().runnableInformer(resyncPeriod()));
            // Keep retrying the initial list/watch: the server may not be up yet (standalone controller-manager).
            informer.exceptionHandler((started, e) -> {
                log.debug("{} informer: {}", type.getSimpleName(), e.toString());
                return true;
            });
            synced.add(informer.start().toCompletableFuture());
            return informer;
        });
    }

    private static long resyncPeriod() {
        return (long) (MIN_RESYNC.toMillis() * (1 + java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * Runs {@code action} (a controller's workers' start) once every informer handed out so far has
     * listed its objects, as client-go's WaitForCacheSync: a worker reconciling against a cache still
     * filling sees pods missing and creates them again (a ReplicaSet controller taking over after a
     * lost leadership did exactly that).
     */
    public void whenSynced(Runnable action) {
        CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
                .thenRun(action);
    }

    /**
     * Adds an index by a single value to a shared informer, once (several controllers may ask for
     * the same index; fabric8 refuses a second registration of a name).
     */
    public synchronized <T extends HasMetadata> void index(SharedIndexInformer<T> informer, String name,
                                                           java.util.function.Function<T, String> value) {
        if (!informer.getIndexer().getIndexers().containsKey(name)) {
            informer.addIndexers(Map.of(name, o -> List.of(value.apply(o))));
        }
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
