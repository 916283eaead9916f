package dev.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NamespacedResourceDiscoveryTest {

    private static APIResource resource(String name, boolean namespaced, String... verbs) {
        return new APIResourceBuilder().withName(name).withNamespaced(namespaced).withVerbs(List.of(verbs)).build();
    }

    @Test
    void onlyNamespacedListableDeletableResourcesWithoutSubresourcesAreDeleted() {
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("configmaps", true, "list", "delete", "deletecollection"))).isTrue();
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("services", true, "list", "delete"))).isTrue();
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("pods/status", true, "get", "patch", "update"))).isFalse();
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("pods/eviction", true, "create", "delete", "list"))).isFalse();
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("bindings", true, "create"))).isFalse();
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("localsubjectaccessreviews", true, "create"))).isFalse();
        assertThat(NamespacedResourceDiscovery.isDeletable(resource("nodes", false, "list", "delete", "deletecollection"))).isFalse();
    }
}
