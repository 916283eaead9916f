package dev.kube4j.apiserver.registry;

import dev.kube4j.apimachinery.meta.GroupVersion;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The resources this server serves, looked up by group, version and plural. Registration order
 * is discovery order. Thread-safe so that resources (CRDs) can be added while serving.
 */
public final class ResourceRegistry {

    private final Map<String, ApiResource> byPath = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ApiResource> ordered = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public void register(ResourceDefinition def, ResourceStrategy strategy) {
        register(def, strategy, def.gvk().apiVersion());
    }

    /** Registers a resource whose objects are stored in {@code storageApiVersion} (converted by its strategy). */
    public void register(ResourceDefinition def, ResourceStrategy strategy, String storageApiVersion) {
        ApiResource r = new ApiResource(def, strategy, storageApiVersion);
        if (byPath.putIfAbsent(path(def.group(), def.gvk().version(), def.plural()), r) == null) {
            ordered.add(r);
            generation.incrementAndGet();
        }
    }

    /**
     * Serves {@code r} from now on, in place of the resource with the same group, version and
     * plural if there is one (a CRD's update), keeping its discovery position.
     */
    public synchronized void put(ApiResource r) {
        ApiResource previous = byPath.put(path(r.group(), r.def().gvk().version(), r.plural()), r);
        if (previous == null) {
            ordered.add(r);
        } else {
            ordered.set(ordered.indexOf(previous), r);
        }
        generation.incrementAndGet();
    }

    /** Stops serving a resource (a deleted CRD's); its URLs answer 404 from now on. */
    public synchronized void remove(String group, String version, String plural) {
        ApiResource previous = byPath.remove(path(group, version, plural));
        if (previous != null) {
            ordered.remove(previous);
            generation.incrementAndGet();
        }
    }

    /** Changes with every registration or removal, so that documents built from the registry know they are stale. */
    public long generation() {
        return generation.get();
    }

    public Optional<ApiResource> find(String group, String version, String plural) {
        return Optional.ofNullable(byPath.get(path(group, version, plural)));
    }

    /** The resource of a kind in a group version (for bodies that name their kind). */
    public Optional<ApiResource> findByKind(String group, String version, String kind) {
        return ordered.stream().filter(r -> r.group().equals(group)
                && r.def().gvk().version().equals(version) && r.kind().equals(kind)).findFirst();
    }

    public List<ApiResource> all() {
        return List.copyOf(ordered);
    }

    /** Group versions in discovery order (core first). */
    public List<GroupVersion> groupVersions() {
        Set<GroupVersion> gvs = new LinkedHashSet<>();
        for (ApiResource r : ordered) {
            gvs.add(r.def().gvk().groupVersion());
        }
        return new ArrayList<>(gvs);
    }

    /** Groups (excluding core) with their versions, preferred version first. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (GroupVersion gv : groupVersions()) {
            if (!gv.group().isEmpty()) {
                List<String> versions = out.computeIfAbsent(gv.group(), g -> new ArrayList<>());
                if (!versions.contains(gv.version())) {
                    versions.add(gv.version());
                }
            }
        }
        return out;
    }

    public List<ApiResource> inGroupVersion(String group, String version) {
        return ordered.stream().filter(r -> r.group().equals(group) && r.def().gvk().version().equals(version)).toList();
    }

    private static String path(String group, String version, String plural) {
        return group + "/" + version + "/" + plural;
    }
}
