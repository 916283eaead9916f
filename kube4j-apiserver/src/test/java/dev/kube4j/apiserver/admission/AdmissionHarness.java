package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.BuiltinResources;
import dev.kube4j.api.BuiltinStrategies;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apiserver.registry.ResourceRegistry;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.Store;
import dev.kube4j.store.embedded.RocksStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A registry on a real RocksStore with kube4j's admission chain: the built-in kinds, plus
 * PriorityClasses, StorageClasses and PodDisruptionBudgets (with a pass-through strategy where
 * this build has no such kind yet).
 */
public final class AdmissionHarness implements AutoCloseable {

    public static final UserInfo ADMIN = UserInfo.of("admin", List.of("system:masters"));

    public final Store store;
    public final WatchCache cache;
    public final ResourceRegistry resources = new ResourceRegistry();
    public final AdmissionLookup lookup;
    public final GenericRegistry registry;

    public AdmissionHarness(Path dir) {
        store = RocksStore.open(dir);
        cache = new WatchCache(store, 1000);
        cache.start();
        for (ResourceDefinition def : BuiltinResources.all()) {
            resources.register(def, BuiltinStrategies.forResource(def.group(), def.plural()));
        }
        registerIfMissing("scheduling.k8s.io", "PriorityClass", "priorityclasses", false);
        registerIfMissing("storage.k8s.io", "StorageClass", "storageclasses", false);
        registerIfMissing("policy", "PodDisruptionBudget", "poddisruptionbudgets", true);
        lookup = new ClusterObjects(resources, cache, store, Clock.systemUTC());
        Map<String, AdmissionPlugin> plugins = new LinkedHashMap<>();
        plugins.put("LimitRanger", new LimitRanger(lookup));
        plugins.put("ServiceAccount", new ServiceAccountAdmission(lookup, Duration.ofMillis(5)));
        plugins.put("Priority", new PriorityAdmission(lookup));
        plugins.put("DefaultStorageClass", new DefaultStorageClass(lookup));
        plugins.put("ResourceQuota", new ResourceQuotaAdmission(lookup, store, Clock.systemUTC()));
        registry = new GenericRegistry(store, cache, new AdmissionChain(List.copyOf(plugins.values())));
    }

    private void registerIfMissing(String group, String kind, String plural, boolean namespaced) {
        if (resources.all().stream().anyMatch(r -> r.group().equals(group) && r.plural().equals(plural))) {
            return;
        }
        resources.register(new ResourceDefinition(new GroupVersionKind(group, "v1", kind), plural, kind.toLowerCase(),
                namespaced, List.of(), List.of(), ResourceDefinition.ALL_VERBS, Set.of("status"), plural + "." + group),
                new ResourceStrategy() {
                    @Override
                    public List<TableColumn> columns() {
                        return List.of();
                    }

                    @Override
                    public List<Object> cells(ObjectNode obj) {
                        return List.of();
                    }
                });
    }

    public ApiResource resource(String group, String plural) {
        return lookup.resource(group, plural).orElseThrow();
    }

    /** Creates the YAML object in its namespace (from its metadata) and waits until the watch cache has it. */
    public ObjectNode create(String group, String plural, String yaml) {
        ObjectNode obj = parse(yaml);
        ObjectNode created = registry.create(resource(group, plural), obj.path("metadata").path("namespace").asText(""), obj, ADMIN, false);
        awaitCache();
        return created;
    }

    public ObjectNode get(String group, String plural, String ns, String name) {
        return registry.get(resource(group, plural), ns, name);
    }

    /** Writes the status of an object as its controller would. */
    public void setStatus(String group, String plural, String ns, String name, String statusYaml) {
        ObjectNode status = parse(statusYaml);
        registry.guaranteedUpdate(resource(group, plural), ns, name, "status", ADMIN, false, false, o -> {
            o.set("status", status);
            return o;
        });
        awaitCache();
    }

    public void awaitCache() {
        try {
            cache.awaitStoreRevision(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static ObjectNode parse(String yaml) {
        try {
            return (ObjectNode) ObjectCodec.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cache.close();
        store.close();
    }
}
