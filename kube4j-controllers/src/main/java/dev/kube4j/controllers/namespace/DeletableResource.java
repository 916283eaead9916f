package dev.kube4j.controllers.namespace;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A namespaced resource the server serves that can be listed and deleted. */
public record DeletableResource(String group, String version, String kind, String plural,
                                boolean supportsDeleteCollection) {

    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
