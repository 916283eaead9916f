package dev.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Keeps a service's Endpoints object (same name) equal to its backends, writing only on change. */
final class EndpointsWriter {

    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

    private final KubernetesClient client;
    private final Function<String, Endpoints> current;

    EndpointsWriter(KubernetesClient client, Function<String, Endpoints> current) {
        this.client = client;
        this.current = current;
    }

    void write(Service svc, List<ServiceBackends.Backend> backends) {
        String ns = svc.getMetadata().getNamespace();
        String name = svc.getMetadata().getName();
        List<EndpointSubset> subsets = DesiredEndpoints.subsets(svc, backends);
        Map<String, String> labels = new HashMap<>(svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels());
        Endpoints existing = current.apply(ns + "/" + name);
        if (existing != null && Objects.equals(nullIfEmpty(existing.getSubsets()), nullIfEmpty(subsets))
                && Objects.equals(existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels(), labels)) {
            return;
        }
        Map<String, String> annotations = new HashMap<>();
        annotations.put(TRIGGER_TIME, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Endpoints desired = new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
                .withAnnotations(annotations).endMetadata().withSubsets(subsets).build();
        if (existing == null) {
            client.resource(desired).create(); // 409 if created meanwhile: retried once the informer has it
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update(); // 409 on a stale copy: retried with backoff
        }
    }

    void deleteFor(String serviceKey) {
        Endpoints existing = current.apply(serviceKey);
        if (existing != null) {
            try {
                client.resource(existing).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    private static List<EndpointSubset> nullIfEmpty(List<EndpointSubset> l) {
        return l == null || l.isEmpty() ? null : l;
    }
}
