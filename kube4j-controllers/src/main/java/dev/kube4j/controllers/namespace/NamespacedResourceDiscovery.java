package dev.kube4j.controllers.namespace;

import dev.kube4j.controllers.runtime.ServedResources;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks the server which namespaced resources exist (as upstream's ServerPreferredNamespacedResources),
 * each at its group's preferred version, so resources added later (CRDs, new groups) are covered
 * without changing the controller.
 */
final class NamespacedResourceDiscovery {

    private final KubernetesClient client;

    NamespacedResourceDiscovery(KubernetesClient client) {
        this.client = client;
    }

    /** Throws if any group version cannot be read: deleting only part of a namespace and finalizing it would orphan the rest. */
    List<DeletableResource> discover() {
        List<DeletableResource> result = new ArrayList<>();
        for (ServedResources.Served s : ServedResources.discover(client, true)) {
            APIResource r = s.resource();
            if (isDeletable(r)) {
                result.add(new DeletableResource(s.group(), s.version(), r.getKind(), r.getName(),
                        r.getVerbs().contains("deletecollection")));
            }
        }
        return result;
    }

    static boolean isDeletable(APIResource r) {
        List<String> verbs = r.getVerbs() == null ? List.of() : r.getVerbs();
        return Boolean.TRUE.equals(r.getNamespaced())
                && !r.getName().contains("/") // subresources go with their parent
                && verbs.contains("list")
                && (verbs.contains("delete") || verbs.contains("deletecollection"));
    }
}
