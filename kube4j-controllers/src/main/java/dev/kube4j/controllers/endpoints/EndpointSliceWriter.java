package dev.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Keeps a service's EndpointSlices (labelled {@code kubernetes.io/service-name}, managed by
 * {@code endpointslice-controller.k8s.io}, owned by the Service) equal to its backends: one slice
 * per port set and up to 100 endpoints each, as upstream; existing slices are updated in place,
 * extra ones created with generateName, leftovers deleted.
 */
final class EndpointSliceWriter {

    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER = "endpointslice-controller.k8s.io";
    static final String SERVICE_INDEX = "service";
    static final int MAX_ENDPOINTS_PER_SLICE = 100;

    private final KubernetesClient client;
    private final Function<String, List<EndpointSlice>> existingFor;

    EndpointSliceWriter(KubernetesClient client, Function<String, List<EndpointSlice>> existingFor) {
        this.client = client;
        this.existingFor = existingFor;
    }

    private record Desired(List<EndpointPort> ports, List<Endpoint> endpoints) {
    }

    void write(Service svc, List<ServiceBackends.Backend> backends) {
        String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
        List<Desired> desired = new ArrayList<>();
        for (DesiredEndpoints.PortGroup g : DesiredEndpoints.groups(backends)) {
            List<EndpointPort> ports = g.ports().stream().map(p -> new EndpointPortBuilder().withName(p.name()).withPort(p.port())
                    .withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).build()).toList();
            List<Endpoint> all = DesiredEndpoints.sliceEndpoints(svc, g);
            for (int i = 0; i < all.size(); i += MAX_ENDPOINTS_PER_SLICE) {
                desired.add(new Desired(ports, all.subList(i, Math.min(all.size(), i + MAX_ENDPOINTS_PER_SLICE))));
            }
        }
        if (desired.isEmpty()) {
            // A selector with no backends still gets one empty slice, as upstream.
            desired.add(new Desired(List.of(), List.of()));
        }
        List<EndpointSlice> unused = new ArrayList<>(existingFor.apply(key));
        for (Desired d : desired) {
            EndpointSlice match = unused.stream().filter(s -> Objects.equals(nullIfEmpty(s.getPorts()), nullIfEmpty(d.ports())))
                    .findFirst().orElse(unused.isEmpty() ? null : unused.getFirst());
            if (match != null) {
                unused.remove(match);
                if (Objects.equals(nullIfEmpty(match.getPorts()), nullIfEmpty(d.ports()))
                        && Objects.equals(nullIfEmpty(match.getEndpoints()), nullIfEmpty(d.endpoints()))
                        && labels(svc).equals(match.getMetadata().getLabels())) {
                    continue;
                }
                EndpointSlice updated = new EndpointSliceBuilder(match).editMetadata().withLabels(labels(svc)).endMetadata()
                        .withPorts(d.ports()).withEndpoints(d.endpoints()).build();
                client.resource(updated).update();
            } else {
                client.resource(new EndpointSliceBuilder().withNewMetadata()
                        .withGenerateName(svc.getMetadata().getName() + "-").withNamespace(svc.getMetadata().getNamespace())
                        .withLabels(labels(svc))
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                                .withName(svc.getMetadata().getName()).withUid(svc.getMetadata().getUid())
                                .withController(true).withBlockOwnerDeletion(true).build())
                        .endMetadata()
                        .withAddressType("IPv4").withPorts(d.ports()).withEndpoints(d.endpoints()).build()).create();
            }
        }
        unused.forEach(this::delete);
    }

    void deleteFor(String serviceKey) {
        existingFor.apply(serviceKey).forEach(this::delete);
    }

    private void delete(EndpointSlice s) {
        try {
            client.resource(s).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static Map<String, String> labels(Service svc) {
        Map<String, String> labels = new HashMap<>(svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels());
        labels.put(SERVICE_NAME, svc.getMetadata().getName());
        labels.put(MANAGED_BY, CONTROLLER);
        return labels;
    }

    private static <T> List<T> nullIfEmpty(List<T> l) {
        return l == null || l.isEmpty() ? null : l;
    }
}
