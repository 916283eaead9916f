package dev.kube4j.apiserver.apiextensions;

import dev.kube4j.api.apiextensions.CrdSpec;
import dev.kube4j.api.apiextensions.CustomResourceStrategy;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ResourceRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds, replaces and removes the served resources of established CRDs in the resource registry:
 * one resource per served version, all stored under {@code /registry/<group>/<plural>/} in the
 * storage version, as upstream keeps them.
 */
final class CustomResourceServing {

    private final ResourceRegistry resources;
    private final Map<String, List<ApiResource>> byCrd = new ConcurrentHashMap<>();

    CustomResourceServing(ResourceRegistry resources) {
        this.resources = resources;
    }

    /** Serves the CRD's versions under its accepted names; a change of versions re-registers them in preference order. */
    synchronized void serve(CrdSpec crd, boolean terminating) {
        CrdSpec.Names names = crd.acceptedNames();
        CrdSpec.Version storage = crd.storageVersion();
        if (names.plural().isEmpty() || storage == null) {
            return;
        }
        List<ApiResource> now = new ArrayList<>();
        for (CrdSpec.Version v : crd.servedVersions()) {
            Set<String> subresources = new HashSet<>();
            if (v.statusSubresource()) {
                subresources.add("status");
            }
            if (v.scale() != null) {
                subresources.add("scale");
            }
            ResourceDefinition def = new ResourceDefinition(new GroupVersionKind(crd.group(), v.name(), names.kind()),
                    names.plural(), names.singular(), crd.namespaced(), names.shortNames(), names.categories(),
                    ResourceDefinition.ALL_VERBS, Set.copyOf(subresources), crd.group() + "/" + names.plural());
            now.add(new ApiResource(def, new CustomResourceStrategy(crd, v, terminating),
                    crd.group() + "/" + storage.name()));
        }
        List<ApiResource> before = byCrd.getOrDefault(crd.name(), List.of());
        if (!paths(before).equals(paths(now))) {
            before.forEach(r -> resources.remove(r.group(), r.def().gvk().version(), r.plural()));
        }
        now.forEach(resources::put);
        byCrd.put(crd.name(), List.copyOf(now));
    }

    /** Stops serving every version of a CRD. */
    synchronized void stop(String crdName) {
        List<ApiResource> before = byCrd.remove(crdName);
        if (before != null) {
            before.forEach(r -> resources.remove(r.group(), r.def().gvk().version(), r.plural()));
        }
    }

    /** The served resource of the storage version (or the first served one), to reach stored objects. */
    Optional<ApiResource> anyVersion(String crdName) {
        List<ApiResource> served = byCrd.getOrDefault(crdName, List.of());
        return served.stream().filter(r -> !r.converts()).findFirst().or(() -> served.stream().findFirst());
    }

    private static List<String> paths(List<ApiResource> rs) {
        return rs.stream().map(r -> r.def().gvk().apiVersion() + "/" + r.plural()).toList();
    }
}
