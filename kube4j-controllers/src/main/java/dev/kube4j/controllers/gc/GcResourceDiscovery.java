package dev.kube4j.controllers.gc;

import dev.kube4j.controllers.runtime.ServedResources;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Upstream's GetDeletableResources: every resource (each group at its preferred version) that
 * supports list, watch and delete, so ownerReferences in any kind — CRDs included — are followed.
 * Events are left out, as upstream's default ignored resources.
 */
final class GcResourceDiscovery {

    private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");

    private final KubernetesClient client;

    GcResourceDiscovery(KubernetesClient client) {
        this.client = client;
    }

    /** Groups that fail discovery are skipped this time (the next round retries them). */
    List<GcResource> discover() {
        List<GcResource> result = new ArrayList<>();
        for (ServedResources.Served s : ServedResources.discover(client, false)) {
            APIResource r = s.resource();
            List<String> verbs = r.getVerbs() == null ? List.of() : r.getVerbs();
            String groupResource = s.group().isEmpty() ? r.getName() : r.getName() + "." + s.group();
            if (!r.getName().contains("/") && verbs.containsAll(List.of("list", "watch", "delete"))
                    && !IGNORED.contains(groupResource)) {
                result.add(new GcResource(s.group(), s.version(), r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
            }
        }
        return result;
    }
}
