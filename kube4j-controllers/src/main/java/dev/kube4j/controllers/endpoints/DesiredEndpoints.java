package dev.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a service's Endpoints subsets and EndpointSlice contents should be, from its backends:
 * backends are grouped by their resolved port set (pods may resolve a named targetPort
 * differently), as upstream groups subsets and slices.
 */
final class DesiredEndpoints {

    /** Backends sharing one resolved port set. */
    record PortGroup(List<ServiceBackends.ResolvedPort> ports, List<ServiceBackends.Backend> backends) {
    }

    private DesiredEndpoints() {
    }

    static List<PortGroup> groups(List<ServiceBackends.Backend> backends) {
        Map<String, PortGroup> byPorts = new TreeMap<>();
        for (ServiceBackends.Backend b : backends) {
            List<ServiceBackends.ResolvedPort> ports = b.ports().stream().filter(Objects::nonNull).toList();
            byPorts.computeIfAbsent(ports.toString(), k -> new PortGroup(ports, new ArrayList<>())).backends().add(b);
        }
        return List.copyOf(byPorts.values());
    }

    /** Endpoints subsets: ready addresses and notReadyAddresses; terminating pods are left out. */
    static List<EndpointSubset> subsets(Service svc, List<ServiceBackends.Backend> backends) {
        List<EndpointSubset> out = new ArrayList<>();
        for (PortGroup g : groups(backends)) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            for (ServiceBackends.Backend b : g.backends()) {
                if (b.terminating() && !Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses())) {
                    continue;
                }
                (b.ready() ? ready : notReady).add(address(svc, b));
            }
            if (ready.isEmpty() && notReady.isEmpty()) {
                continue;
            }
            List<EndpointPort> ports = g.ports().stream().map(p -> new EndpointPortBuilder().withName(p.name()).withPort(p.port())
                    .withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).build()).toList();
            EndpointSubsetBuilder sb = new EndpointSubsetBuilder().withPorts(ports);
            if (!ready.isEmpty()) {
                sb.withAddresses(ready);
            }
            if (!notReady.isEmpty()) {
                sb.withNotReadyAddresses(notReady);
            }
            out.add(sb.build());
        }
        return out;
    }

    private static EndpointAddress address(Service svc, ServiceBackends.Backend b) {
        Pod pod = b.pod();
        return new EndpointAddressBuilder().withIp(b.ip()).withNodeName(pod.getSpec().getNodeName())
                .withHostname(hostname(svc, pod)).withTargetRef(targetRef(pod)).build();
    }

    /** Slice endpoints: every backend, with ready/serving/terminating conditions. */
    static List<Endpoint> sliceEndpoints(Service svc, PortGroup g) {
        List<Endpoint> out = new ArrayList<>();
        for (ServiceBackends.Backend b : g.backends()) {
            boolean serving = ServiceBackends.podReady(b.pod()) || Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
            out.add(new EndpointBuilder().withAddresses(b.ip())
                    .withNewConditions().withReady(b.ready() && !b.terminating()).withServing(serving).withTerminating(b.terminating())
                    .endConditions()
                    .withNodeName(b.pod().getSpec().getNodeName()).withHostname(hostname(svc, b.pod()))
                    .withTargetRef(targetRef(b.pod())).build());
        }
        return out;
    }

    /** A pod's hostname is published when it names the service as its subdomain (StatefulSet pods). */
    private static String hostname(Service svc, Pod pod) {
        String hostname = pod.getSpec().getHostname();
        return hostname != null && !hostname.isEmpty() && svc.getMetadata().getName().equals(pod.getSpec().getSubdomain())
                ? hostname : null;
    }

    private static ObjectReference targetRef(Pod pod) {
        return new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build();
    }
}
