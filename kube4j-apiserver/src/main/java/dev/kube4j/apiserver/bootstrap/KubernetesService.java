package dev.kube4j.apiserver.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.Validators;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ResourceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kubernetes} service in {@code default} and its endpoints, as upstream's bootstrap
 * controller keeps them: the service holds the first address of the service CIDR and port 443
 * (https) towards the API server's port, and the Endpoints and EndpointSlice point at the
 * server's advertised address. {@link #ensure} runs at start-up and then periodically, so a
 * deleted service comes back and a changed port is corrected.
 */
public final class KubernetesService {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesService.class);
    private static final String NAME = "kubernetes";
    private static final String NAMESPACE = "default";
    private static final UserInfo SYSTEM = UserInfo.of("system:apiserver", List.of("system:masters"));

    private final GenericRegistry registry;
    private final ApiResource services;
    private final ApiResource endpoints;
    private final ApiResource endpointSlices;
    private final String clusterIP;
    private final String family;
    private final int port;
    private final String advertiseAddress;
    private volatile boolean warnedAboutIP;

    /**
     * @param advertiseAddress the address endpoints point at, or null to publish none
     */
    public KubernetesService(GenericRegistry registry, ResourceRegistry resources, String clusterIP, int port,
                             String advertiseAddress) {
        this.registry = registry;
        this.services = resources.find("", "v1", "services").orElseThrow();
        this.endpoints = resources.find("", "v1", "endpoints").orElseThrow();
        this.endpointSlices = resources.find("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
        this.clusterIP = clusterIP;
        this.family = Validators.isIPv6(clusterIP) ? "IPv6" : "IPv4";
        this.port = port;
        this.advertiseAddress = advertiseAddress;
    }

    /** Creates or corrects the service and its endpoints; failures are logged, the next run retries. */
    public void ensure() {
        try {
            ensureService();
            if (advertiseAddress != null) {
                ensure(endpoints, desiredEndpoints(), "subsets");
                ensure(endpointSlices, desiredEndpointSlice(), "addressType", "endpoints", "ports");
            }
        } catch (ApiException e) {
            LOG.warn("reconciling the kubernetes service failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("reconciling the kubernetes service failed", e);
        }
    }

    private void ensureService() {
        Optional<ObjectNode> current = registry.find(services, NAMESPACE, NAME);
        ObjectNode desired = desiredService();
        if (current.isEmpty()) {
            try {
                registry.create(services, NAMESPACE, desired, SYSTEM, false);
                LOG.info("created the kubernetes service at {}", clusterIP);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
            return;
        }
        JsonNode spec = current.get().path("spec");
        if (!spec.path("clusterIP").asText().equals(clusterIP) && !warnedAboutIP) {
            warnedAboutIP = true;
            LOG.warn("the kubernetes service holds {}, not {} (the first address of the service CIDR); "
                    + "delete it to have it re-created there", spec.path("clusterIP").asText(), clusterIP);
        }
        JsonNode wantedPorts = desired.path("spec").path("ports");
        if (!spec.path("type").asText().equals("ClusterIP") || !samePorts(spec.path("ports"), wantedPorts)) {
            registry.guaranteedUpdate(services, NAMESPACE, NAME, "", SYSTEM, false, false, svc -> {
                ObjectNode s = svc.with("spec");
                s.put("type", "ClusterIP");
                s.set("ports", wantedPorts.deepCopy());
                return svc;
            });
        }
    }

    private static boolean samePorts(JsonNode actual, JsonNode wanted) {
        if (actual.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            for (String f : List.of("name", "port", "protocol", "targetPort")) {
                if (!actual.path(i).path(f).equals(wanted.path(i).path(f))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes {@code desired} when a field that matters differs from what is stored (creating it if missing). */
    private void ensure(ApiResource r, ObjectNode desired, String... fields) {
        ObjectNode normalized = desired.deepCopy();
        r.strategy().applyDefaults(normalized);
        Optional<ObjectNode> current = registry.find(r, NAMESPACE, NAME);
        if (current.isPresent() && List.of(fields).stream().allMatch(f -> normalized.path(f).equals(current.get().path(f)))) {
            return;
        }
        registry.update(r, NAMESPACE, NAME, "", desired, SYSTEM, false);
    }

    private ObjectNode desiredService() {
        ObjectNode svc = object("v1", "Service");
        svc.with("metadata").putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", clusterIP);
        spec.putArray("clusterIPs").add(clusterIP);
        spec.put("ipFamilyPolicy", "SingleStack");
        spec.putArray("ipFamilies").add(family);
        spec.put("sessionAffinity", "None");
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
        return svc;
    }

    private ObjectNode desiredEndpoints() {
        ObjectNode ep = object("v1", "Endpoints");
        ep.with("metadata").putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", advertiseAddress);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        return ep;
    }

    private ObjectNode desiredEndpointSlice() {
        ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice");
        slice.with("metadata").putObject("labels").put("kubernetes.io/service-name", NAME);
        slice.put("addressType", Validators.isIPv6(advertiseAddress) ? "IPv6" : "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(advertiseAddress);
        endpoint.putObject("conditions").put("ready", true);
        ArrayNode ports = slice.putArray("ports");
        ports.addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        return slice;
    }

    private static ObjectNode object(String apiVersion, String kind) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.putObject("metadata").put("name", NAME).put("namespace", NAMESPACE);
        return o;
    }

    /**
     * The address the endpoints advertise: the bind address, or, when that is a wildcard or
     * loopback address (endpoints may not hold loopback addresses), the first address of an
     * interface that is up, as upstream's ResolveBindAddress. Empty when the host has none.
     */
    public static Optional<String> advertiseAddress(String bindAddress) {
        InetAddress bind = Validators.parseIP(bindAddress);
        if (bind != null && !bind.isAnyLocalAddress() && !bind.isLoopbackAddress()) {
            return Optional.of(bind.getHostAddress());
        }
        boolean v6 = bind instanceof Inet6Address;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if ((v6 ? a instanceof Inet6Address : a instanceof Inet4Address) && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress().replaceAll("%.*$", ""));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("listing network interfaces failed", e);
        }
        return Optional.empty();
    }
}
