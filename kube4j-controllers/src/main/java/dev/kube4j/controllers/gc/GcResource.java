package dev.kube4j.controllers.gc;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A resource the garbage collector watches: any served kind that can be listed, watched and deleted. */
record GcResource(String group, String version, String kind, String plural, boolean namespaced) {

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The API path of one object, for raw requests. */
    String path(String namespace, String name) {
        String base = group.isEmpty() ? "api/v1" : "apis/" + group + "/" + version;
        return base + (namespaced ? "/namespaces/" + namespace : "") + "/" + plural + "/" + name;
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }
}
