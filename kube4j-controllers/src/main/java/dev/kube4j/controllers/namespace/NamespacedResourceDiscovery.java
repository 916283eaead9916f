package dev.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
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
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("v1");
        for (APIGroup g : client.getApiGroups().getGroups()) {
            if (g.getPreferredVersion() != null) {
                groupVersions.add(g.getPreferredVersion().getGroupVersion());
            } else if (!g.getVersions().isEmpty()) {
                groupVersions.add(g.getVersions().getFirst().getGroupVersion());
            }
        }
        List<DeletableResource> result = new ArrayList<>();
        for (String gv : groupVersions) {
            APIResourceList list = client.getApiResources(gv);
            if (list == null) {
                throw new IllegalStateException("discovery of " + gv + " returned nothing");
            }
            int slash = gv.indexOf('/');
            String group = slash < 0 ? "" : gv.substring(0, slash);
            String version = gv.substring(slash + 1);
            for (APIResource r : list.getResources()) {
                if (isDeletable(r)) {
                    result.add(new DeletableResource(group, version, r.getKind(), r.getName(),
                            r.getVerbs().contains("deletecollection")));
                }
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
