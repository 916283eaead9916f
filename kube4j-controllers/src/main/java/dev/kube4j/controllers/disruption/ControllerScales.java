package dev.kube4j.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.controllers.runtime.RawRequests;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controllers of a budget's pods and their scale, as upstream's finders: a pod's controller
 * (ownerReference with {@code controller: true}) read through its {@code scale} subresource; a
 * ReplicaSet run by a Deployment counts as that Deployment.
 */
final class ControllerScales {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A controller and the replicas it wants. */
    record Scale(String uid, int replicas) {
    }

    private final KubernetesClient client;
    private final Map<String, String> plurals = new ConcurrentHashMap<>();

    ControllerScales(KubernetesClient client) {
        this.client = client;
    }

    /** The scale of the controller named by {@code ref}; empty if it has none (e.g. a DaemonSet) or is gone. */
    Optional<Scale> of(OwnerReference ref, String namespace) throws Exception {
        if ("ReplicaSet".equals(ref.getKind()) && ref.getApiVersion().startsWith("apps/")) {
            Optional<JsonNode> rs = get(ref.getApiVersion(), "replicasets", namespace, ref.getName());
            if (rs.isEmpty() || !ref.getUid().equals(rs.get().path("metadata").path("uid").asText())) {
                return Optional.empty();
            }
            for (JsonNode owner : rs.get().path("metadata").path("ownerReferences")) {
                if (owner.path("controller").asBoolean(false) && owner.path("kind").asText().equals("Deployment")) {
                    OwnerReference deployment = new OwnerReference(owner.path("apiVersion").asText(), null, true,
                            "Deployment", owner.path("name").asText(), owner.path("uid").asText());
                    return scaleOf(deployment, namespace);
                }
            }
        }
        return scaleOf(ref, namespace);
    }

    private Optional<Scale> scaleOf(OwnerReference ref, String namespace) throws Exception {
        Optional<String> plural = scalablePlural(ref.getApiVersion(), ref.getKind());
        if (plural.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> scale = get(ref.getApiVersion(), plural.get() + "/" + ref.getName() + "/scale", namespace, null);
        if (scale.isEmpty() || !Objects.equals(ref.getUid(), scale.get().path("metadata").path("uid").asText())) {
            return Optional.empty();
        }
        return Optional.of(new Scale(ref.getUid(), scale.get().path("spec").path("replicas").asInt(0)));
    }

    /** The resource of {@code kind} in {@code apiVersion} if it has a scale subresource (from discovery, cached). */
    private Optional<String> scalablePlural(String apiVersion, String kind) {
        String key = apiVersion + "/" + kind;
        String known = plurals.get(key);
        if (known != null) {
            return known.isEmpty() ? Optional.empty() : Optional.of(known);
        }
        APIResourceList list = client.getApiResources(apiVersion);
        if (list == null) {
            return Optional.empty();
        }
        String found = "";
        for (APIResource r : list.getResources()) {
            if (kind.equals(r.getKind()) && !r.getName().contains("/")
                    && list.getResources().stream().anyMatch(s -> s.getName().equals(r.getName() + "/scale"))) {
                found = r.getName();
            }
        }
        plurals.put(key, found);
        return found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    private Optional<JsonNode> get(String apiVersion, String pluralAndRest, String namespace, String name) throws Exception {
        String base = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
        String path = base + "/namespaces/" + namespace + "/" + pluralAndRest + (name == null ? "" : "/" + name);
        String body = RawRequests.get(client, path);
        return body == null ? Optional.empty() : Optional.of(JSON.readTree(body));
    }
}
