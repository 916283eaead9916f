package dev.kube4j.controllers.resourcequota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.api.quota.QuotaEvaluator.QuotaResource;
import dev.kube4j.controllers.runtime.RawRequests;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and lists the objects a quota counts: the served version of a resource comes from
 * discovery (the group's preferred version), objects are read live as JSON trees, the form the
 * shared quota evaluators take.
 */
final class QuotaResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Map<QuotaResource, String> versions = new ConcurrentHashMap<>();

    QuotaResources(KubernetesClient client) {
        this.client = client;
    }

    /** The resource as fabric8 addresses it, if the server serves it. */
    Optional<ResourceDefinitionContext> context(QuotaResource r) {
        return version(r).map(v -> new ResourceDefinitionContext.Builder().withGroup(r.group()).withVersion(v)
                .withPlural(r.plural()).withNamespaced(true).build());
    }

    private Optional<String> version(QuotaResource r) {
        if (r.group().isEmpty()) {
            return Optional.of("v1");
        }
        String known = versions.get(r);
        if (known != null) {
            return Optional.of(known);
        }
        APIGroup group = client.getApiGroup(r.group());
        if (group == null || group.getPreferredVersion() == null) {
            return Optional.empty(); // not served (yet): counts nothing, asked again next time
        }
        String v = group.getPreferredVersion().getVersion();
        versions.put(r, v);
        return Optional.of(v);
    }

    /** The objects of {@code r} in a namespace, live; empty when the server does not serve it. */
    List<JsonNode> list(QuotaResource r, String namespace) throws Exception {
        Optional<String> v = version(r);
        if (v.isEmpty()) {
            return List.of();
        }
        String path = (r.group().isEmpty() ? "api/v1" : "apis/" + r.group() + "/" + v.get())
                + "/namespaces/" + namespace + "/" + r.plural();
        String body = RawRequests.get(client, path);
        List<JsonNode> items = new ArrayList<>();
        if (body != null) {
            JSON.readTree(body).path("items").forEach(items::add);
        }
        return items;
    }
}
