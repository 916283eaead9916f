package dev.kube4j.apiserver.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.apiextensions.CrdSpec;
import dev.kube4j.api.apiextensions.CrdStrategy;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.DeleteOptions;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ObjectMetaOps;
import dev.kube4j.apiserver.registry.ResourceRegistry;
import dev.kube4j.apiserver.watch.CacheEvent;
import dev.kube4j.apiserver.watch.CacheWatcher;
import dev.kube4j.apiserver.watch.CachedObject;
import dev.kube4j.apiserver.watch.TooOldResourceVersionException;
import dev.kube4j.apiserver.watch.WatchCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What upstream's apiextensions-apiserver runs in-process, in one loop: the naming controller
 * (status.acceptedNames, NamesAccepted), the establishing controller (Established), the serving
 * of established CRDs' resources (registered and unregistered without a restart), and the
 * finalizer controller that deletes a deleted CRD's custom resources before letting it go.
 *
 * <p>It follows CRDs through the watch cache; reconciling is level-triggered and runs on one
 * thread, so a CRD is never reconciled twice at once. {@link #start} reconciles every existing CRD
 * before returning, so a restarted server serves them as soon as it is ready.
 */
public final class CrdController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CrdController.class);
    private static final UserInfo SYSTEM = UserInfo.of("system:apiextensions-controller", List.of("system:masters"));
    private static final long RETRY_MIN_MS = 100;
    private static final long RETRY_MAX_MS = 5_000;

    private final GenericRegistry registry;
    private final WatchCache cache;
    private final ApiResource crdResource;
    private final CustomResourceServing serving;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("crd-controller").factory());
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> backoff = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread watchThread;

    public CrdController(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.cache = registry.cache();
        this.crdResource = resources.find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
        this.serving = new CustomResourceServing(resources);
    }

    /** Reconciles every stored CRD, then follows changes. */
    public void start() {
        WatchCache.Snapshot snapshot = cache.list(crdResource.prefix(""), null);
        for (CachedObject c : snapshot.items()) {
            String name = c.object().path("metadata").path("name").asText();
            try {
                loop.submit(() -> reconcile(name)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("could not serve CRD {} at start-up", name, e);
                enqueue(name, RETRY_MIN_MS);
            }
        }
        watchThread = Thread.ofVirtual().name("crd-watch").start(() -> follow(snapshot.revision()));
    }

    /** Follows the CRDs' changes; when the watch ends (overflow, too old), lists again and resumes. */
    private void follow(long fromRevision) {
        long from = fromRevision;
        while (running) {
            try (CacheWatcher watcher = cache.watch(crdResource.prefix(""), from)) {
                while (running && !watcher.isClosed()) {
                    CacheEvent e = watcher.poll(1, TimeUnit.SECONDS);
                    if (e != null) {
                        from = e.revision();
                        enqueue(e.object().object().path("metadata").path("name").asText(), 0);
                    }
                }
            } catch (TooOldResourceVersionException | IllegalStateException e) {
                // fall through to a fresh list
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                WatchCache.Snapshot snapshot = cache.list(crdResource.prefix(""), null);
                snapshot.items().forEach(c -> enqueue(c.object().path("metadata").path("name").asText(), 0));
                from = snapshot.revision();
            }
        }
    }

    private void enqueue(String name, long delayMs) {
        if (running && queued.add(name)) {
            loop.schedule(() -> {
                queued.remove(name);
                try {
                    if (reconcile(name)) {
                        backoff.remove(name);
                    } else {
                        retry(name);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("reconciling CRD {} failed, will retry", name, e);
                    retry(name);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void retry(String name) {
        long delay = backoff.merge(name, RETRY_MIN_MS, (a, b) -> Math.min(a * 2, RETRY_MAX_MS));
        enqueue(name, delay);
    }

    /** Brings one CRD's status and serving in line with its spec. Returns false to be retried. */
    private boolean reconcile(String name) {
        Optional<ObjectNode> found = registry.find(crdResource, "", name);
        if (found.isEmpty()) {
            serving.stop(name);
            return true;
        }
        ObjectNode crd = found.get();
        if (ObjectMetaOps.isDeleting(crd)) {
            return finalizeDeletion(crd);
        }
        ObjectNode updated = updateStatus(name, current -> {
            CrdNames names = CrdNames.decide(CrdSpec.of(current), otherCrds());
            ObjectNode status = current.with("status");
            names.writeTo(status);
            reorderStatus(status);
            CrdStrategy.setCondition(current, "NamesAccepted", names.accepted() ? "True" : "False", names.reason(), names.message());
            if (names.accepted()) {
                CrdStrategy.setCondition(current, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted");
            } else if (!conditionTrue(current, "Established")) {
                CrdStrategy.setCondition(current, "Established", "False", "NotAccepted", "not all names are accepted");
            }
        });
        if (conditionTrue(updated, "Established")) {
            serving.serve(CrdSpec.of(updated), false);
        }
        return true;
    }

    /** The cleanup finalizer's work: delete every custom resource, then drop the finalizer. */
    private boolean finalizeDeletion(ObjectNode crd) {
        String name = crd.path("metadata").path("name").asText();
        if (!hasFinalizer(crd)) {
            return true;
        }
        boolean established = conditionTrue(crd, "Established");
        CrdSpec spec = CrdSpec.of(crd);
        if (established) {
            serving.serve(spec, true);
            updateStatus(name, c -> CrdStrategy.setCondition(c, "Terminating", "True", "InstanceDeletionInProgress",
                    "CustomResource deletion is in progress"));
            if (!deleteInstances(name)) {
                return false;
            }
        } else {
            updateStatus(name, c -> CrdStrategy.setCondition(c, "Terminating", "False", "NeverEstablished",
                    "resource was never established"));
        }
        try {
            registry.guaranteedUpdate(crdResource, "", name, "", SYSTEM, false, false, current -> {
                ArrayNode kept = current.arrayNode();
                current.path("metadata").path("finalizers").forEach(f -> {
                    if (!f.asText().equals(CrdSpec.CLEANUP_FINALIZER)) {
                        kept.add(f);
                    }
                });
                current.with("metadata").set("finalizers", kept);
                return current;
            });
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
        if (registry.find(crdResource, "", name).isEmpty()) {
            serving.stop(name);
        }
        return true;
    }

    /** Deletes every stored custom resource of the CRD; true when none is left. */
    private boolean deleteInstances(String crdName) {
        Optional<ApiResource> resource = serving.anyVersion(crdName);
        if (resource.isEmpty()) {
            return true;
        }
        ApiResource r = resource.get();
        List<CachedObject> items = cache.list(r.prefix(""), null).items();
        for (CachedObject c : items) {
            JsonNode meta = c.object().path("metadata");
            if (meta.hasNonNull("deletionTimestamp")) {
                continue; // already being deleted, waiting for its own finalizers
            }
            try {
                registry.delete(r, meta.path("namespace").asText(""), meta.path("name").asText(),
                        new DeleteOptions(null, null, null, "Background", false), SYSTEM);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return registry.store().range(r.prefix(""), dev.kube4j.store.Store.prefixEnd(r.prefix("")), 0, 1).kvs().isEmpty();
    }

    private ObjectNode updateStatus(String name, java.util.function.Consumer<ObjectNode> change) {
        return registry.guaranteedUpdate(crdResource, "", name, "status", SYSTEM, false, false, current -> {
            change.accept(current);
            return current;
        });
    }

    /** Every CRD, read from the store so that names this loop just accepted are seen. */
    private List<JsonNode> otherCrds() {
        String prefix = crdResource.prefix("");
        List<JsonNode> out = new ArrayList<>();
        registry.store().range(prefix, dev.kube4j.store.Store.prefixEnd(prefix), 0, 0).kvs().forEach(kv ->
                out.add(dev.kube4j.apiserver.registry.ObjectCodec.decodeStored(kv.value(), kv.modRevision())));
        return out;
    }

    /** conditions, acceptedNames, storedVersions: upstream's field order in status. */
    private static void reorderStatus(ObjectNode status) {
        for (String f : List.of("conditions", "acceptedNames", "storedVersions")) {
            JsonNode v = status.remove(f);
            if (v != null) {
                status.set(f, v);
            }
        }
    }

    private static boolean conditionTrue(JsonNode crd, String type) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private static boolean hasFinalizer(JsonNode crd) {
        for (JsonNode f : crd.path("metadata").path("finalizers")) {
            if (f.asText().equals(CrdSpec.CLEANUP_FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        loop.shutdownNow();
        if (watchThread != null) {
            watchThread.interrupt();
        }
    }
}
