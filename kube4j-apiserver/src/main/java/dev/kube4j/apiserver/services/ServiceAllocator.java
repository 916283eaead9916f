package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.ServiceStrategy;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.Validators;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apiserver.registry.WriteHooks;
import dev.kube4j.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import static dev.kube4j.api.core.ServiceStrategy.allocatesNodePorts;
import static dev.kube4j.api.core.ServiceStrategy.needsClusterIP;
import static dev.kube4j.api.core.ServiceStrategy.needsHealthCheckNodePort;
import static dev.kube4j.api.core.ServiceStrategy.needsNodePort;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/**
 * Cluster IPs and node ports of services, as upstream's service REST storage allocates them
 * (pkg/registry/core/service/storage/alloc.go): IP families from the cluster's range, requested
 * values honoured or refused with upstream's errors, missing ones allocated, values a service
 * stops using released once its write succeeded, new ones released when it failed, and all of a
 * service's values released when it is deleted. Hooked into the registry's writes of services.
 */
public final class ServiceAllocator implements WriteHooks {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocator.class);

    /** The registry key of services' hooks. */
    public static final String RESOURCE = "/services";
    public static final String SERVICES_PREFIX = "/registry/services/";

    private final Store store;
    private final ServiceCidr cidr;
    private final RangeAllocator ips;
    private final RangeAllocator ports;

    /**
     * @param cachedKey   whether the watch cache holds a key (a hint that speeds up searches)
     * @param orphanGrace how old an allocation without a service must be before it is reclaimed
     */
    public ServiceAllocator(Store store, Predicate<String> cachedKey, ServiceCidr cidr, NodePortRange nodePorts,
                            Duration orphanGrace, Clock clock) {
        this.store = store;
        this.cidr = cidr;
        this.ips = new RangeAllocator(cidr, new AllocationTable(store, "serviceips", cachedKey,
                (owner, ip) -> holds(owner, ip, ServiceAllocator::clusterIPs), orphanGrace, clock));
        this.ports = new RangeAllocator(nodePorts, new AllocationTable(store, "servicenodeports", cachedKey,
                (owner, port) -> holds(owner, port, ServiceAllocator::portValues), orphanGrace, clock));
    }

    public ServiceCidr cidr() {
        return cidr;
    }

    RangeAllocator ips() {
        return ips;
    }

    RangeAllocator ports() {
        return ports;
    }

    // ---- hooks ----

    @Override
    public Finish beginCreate(ObjectNode svc, boolean dryRun) {
        ObjectNode spec = obj(svc, "spec");
        if (spec == null) {
            return Finish.NOTHING;
        }
        Transaction txn = new Transaction(Owner.of(svc), dryRun);
        try {
            if (needsClusterIP(spec)) {
                initIPFamilies(svc, spec);
                allocateClusterIPs(svc, spec, Set.of(), txn);
            }
            assignNodePorts(svc, spec, Set.of(), false, txn);
            if (needsHealthCheckNodePort(spec)) {
                allocateHealthCheckNodePort(spec, txn);
            }
            return txn;
        } catch (RuntimeException e) {
            txn.finish(false);
            throw e;
        }
    }

    @Override
    public Finish beginUpdate(ObjectNode svc, ObjectNode old, boolean dryRun) {
        ObjectNode spec = obj(svc, "spec");
        JsonNode oldSpec = obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return Finish.NOTHING;
        }
        Transaction txn = new Transaction(Owner.of(old), dryRun);
        try {
            if (needsClusterIP(spec)) {
                if (!needsClusterIP(oldSpec) || !sameFamilyFields(spec, oldSpec)) {
                    initIPFamilies(svc, spec);
                }
                allocateClusterIPs(svc, spec, clusterIPs(oldSpec), txn);
            }
            Set<Long> oldPorts = new HashSet<>();
            portValues(oldSpec).forEach(p -> oldPorts.add(Long.parseLong(p)));
            assignNodePorts(svc, spec, oldPorts, true, txn);
            if (needsHealthCheckNodePort(spec) && !needsHealthCheckNodePort(oldSpec)) {
                allocateHealthCheckNodePort(spec, txn);
            }
            Set<String> goneIPs = clusterIPs(oldSpec);
            goneIPs.removeAll(clusterIPs(spec));
            goneIPs.forEach(ip -> txn.releaseOnSuccess(ips, ip));
            Set<String> gonePorts = portValues(oldSpec);
            gonePorts.removeAll(portValues(spec));
            gonePorts.forEach(p -> txn.releaseOnSuccess(ports, p));
            return txn;
        } catch (RuntimeException e) {
            txn.finish(false);
            throw e;
        }
    }

    @Override
    public void afterDelete(ObjectNode svc) {
        Owner owner = Owner.of(svc);
        JsonNode spec = obj(svc, "spec");
        try {
            clusterIPs(spec).forEach(ip -> ips.release(ip, owner));
            portValues(spec).forEach(p -> ports.release(p, owner));
        } catch (RuntimeException e) {
            // The repair pass frees what is left.
            LOG.warn("releasing the allocations of deleted service {} failed", owner, e);
        }
    }

    // ---- cluster IPs ----

    /** IP family defaults and checks against this single-stack cluster, as upstream's initIPFamilyFields. */
    private void initIPFamilies(ObjectNode svc, ObjectNode spec) {
        List<FieldError> errs = new ArrayList<>();
        boolean headless = str(spec, "clusterIP").equals("None");
        if (!spec.hasNonNull("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", headless && !spec.hasNonNull("selector") ? "RequireDualStack" : "SingleStack");
        }
        String policy = str(spec, "ipFamilyPolicy");
        List<String> clusterIPs = strings(spec, "clusterIPs");
        List<String> families = new ArrayList<>(strings(spec, "ipFamilies"));
        if (policy.equals("SingleStack") && clusterIPs.size() == 2) {
            errs.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
        }
        if (policy.equals("SingleStack") && families.size() == 2) {
            errs.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
        }
        for (int i = 0; i < clusterIPs.size() && !clusterIPs.get(i).equals("None"); i++) {
            String family = Validators.isIPv6(clusterIPs.get(i)) ? "IPv6" : "IPv4";
            if (i >= families.size()) {
                if (family.equals(cidr.family())) {
                    families.add(family);
                } else {
                    errs.add(FieldError.invalid("spec.clusterIPs[" + i + "]", GoValue.stringSlice(spec.get("clusterIPs")),
                            family + " is not configured on this cluster"));
                }
            }
        }
        throwIfAny(svc, errs);
        String alternate = cidr.ipv6() ? "IPv4" : "IPv6";
        if (headless && !spec.hasNonNull("selector")) {
            // Headless without selector may name both families even on a single-stack cluster.
            if (families.isEmpty()) {
                families.add(cidr.family());
            }
            if (families.size() < 2 && !policy.equals("SingleStack")) {
                families.add(families.get(0).equals("IPv4") ? "IPv6" : "IPv4");
            }
            setFamilies(spec, families);
            return;
        }
        if (policy.equals("RequireDualStack")) {
            errs.add(FieldError.invalid("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services"));
        }
        for (int i = 0; i < families.size(); i++) {
            if (families.get(i).equals(alternate)) {
                errs.add(FieldError.invalid("spec.ipFamilies[" + i + "]", families.get(i), "not configured on this cluster"));
            }
        }
        throwIfAny(svc, errs);
        if (families.isEmpty()) {
            families.add(cidr.family());
        }
        setFamilies(spec, families);
    }

    private static void setFamilies(ObjectNode spec, List<String> families) {
        var arr = spec.putArray("ipFamilies");
        families.forEach(arr::add);
    }

    private static boolean sameFamilyFields(JsonNode spec, JsonNode oldSpec) {
        return strings(spec, "ipFamilies").equals(strings(oldSpec, "ipFamilies"))
                && str(spec, "ipFamilyPolicy").equals(str(oldSpec, "ipFamilyPolicy"))
                && strings(spec, "clusterIPs").equals(strings(oldSpec, "clusterIPs"));
    }

    private void allocateClusterIPs(ObjectNode svc, ObjectNode spec, Set<String> held, Transaction txn) {
        List<String> requested = strings(spec, "clusterIPs");
        if (!requested.isEmpty() && requested.get(0).equals("None")) {
            return;
        }
        if (requested.isEmpty()) {
            String ip;
            try {
                ip = ips.allocateNext(txn.owner, txn.dryRun);
            } catch (AllocationException e) {
                throw ApiException.internal("failed to allocate a serviceIP: " + e.getMessage());
            }
            txn.claimed(ips, ip);
            spec.put("clusterIP", ip);
            spec.putArray("clusterIPs").add(ip);
            return;
        }
        for (String ip : requested) {
            String canonical = ServiceCidr.canonical(ip);
            if (canonical == null || held.contains(canonical)) {
                continue;
            }
            try {
                if (ips.allocate(canonical, txn.owner, txn.dryRun)) {
                    txn.claimed(ips, canonical);
                }
            } catch (AllocationException e) {
                throw invalid(svc, FieldError.invalid("spec.clusterIPs", GoValue.stringSlice(spec.get("clusterIPs")),
                        "failed to allocate IP " + ip + ": " + e.getMessage()));
            }
        }
    }

    // ---- node ports ----

    /**
     * Node ports for NodePort and LoadBalancer services: requested ones claimed, missing ones
     * allocated; ports with the same number (TCP and UDP 53) share one, as upstream's initNodePorts.
     */
    private void assignNodePorts(ObjectNode svc, ObjectNode spec, Set<Long> held, boolean update, Transaction txn) {
        if (!needsNodePort(spec)) {
            return;
        }
        boolean allocate = allocatesNodePorts(spec);
        List<ObjectNode> servicePorts = objects(spec, "ports");
        Map<Long, Long> byPort = new HashMap<>();
        Set<Long> claimedHere = new HashSet<>();
        for (int i = 0; i < servicePorts.size(); i++) {
            ObjectNode p = servicePorts.get(i);
            long nodePort = lng(p, "nodePort", 0);
            if (nodePort == 0 && !allocate) {
                continue; // allocate nothing new, but honour requested ports
            }
            long port = lng(p, "port", 0);
            Long assigned = byPort.get(port);
            if (assigned == null) {
                long wanted = nodePort != 0 ? nodePort : requestedFor(port, servicePorts);
                if (wanted == 0) {
                    wanted = nextNodePort("failed to allocate a nodePort: ", txn);
                } else {
                    claimNodePort(svc, i, wanted, held, update, claimedHere, txn);
                }
                p.put("nodePort", wanted);
                byPort.put(port, wanted);
            } else if (nodePort != assigned) {
                if (nodePort == 0) {
                    p.put("nodePort", assigned);
                } else {
                    claimNodePort(svc, i, nodePort, held, update, claimedHere, txn);
                }
            }
        }
    }

    /** A node port requested by any service port with this port number. */
    private static long requestedFor(long port, List<ObjectNode> servicePorts) {
        for (ObjectNode p : servicePorts) {
            if (lng(p, "port", 0) == port && lng(p, "nodePort", 0) != 0) {
                return lng(p, "nodePort", 0);
            }
        }
        return 0;
    }

    private void claimNodePort(ObjectNode svc, int index, long nodePort, Set<Long> held, boolean update,
                               Set<Long> claimedHere, Transaction txn) {
        if (held.contains(nodePort) || update && claimedHere.contains(nodePort)) {
            return;
        }
        try {
            if (claimedHere.contains(nodePort)) {
                throw new AllocationException(AllocationException.Reason.ALLOCATED, ports.range().allocatedMessage());
            }
            if (ports.allocate(Long.toString(nodePort), txn.owner, txn.dryRun)) {
                txn.claimed(ports, Long.toString(nodePort));
            }
            claimedHere.add(nodePort);
        } catch (AllocationException e) {
            throw invalid(svc, FieldError.invalid("spec.ports[" + index + "].nodePort", nodePort, e.getMessage()));
        }
    }

    private long nextNodePort(String errorPrefix, Transaction txn) {
        try {
            String port = ports.allocateNext(txn.owner, txn.dryRun);
            txn.claimed(ports, port);
            return Long.parseLong(port);
        } catch (AllocationException e) {
            throw ApiException.internal(errorPrefix + e.getMessage());
        }
    }

    private void allocateHealthCheckNodePort(ObjectNode spec, Transaction txn) {
        long requested = lng(spec, "healthCheckNodePort", 0);
        if (requested == 0) {
            spec.put("healthCheckNodePort", nextNodePort("failed to allocate a HealthCheck NodePort 0: ", txn));
            return;
        }
        try {
            if (ports.allocate(Long.toString(requested), txn.owner, txn.dryRun)) {
                txn.claimed(ports, Long.toString(requested));
            }
        } catch (AllocationException e) {
            throw ApiException.internal("failed to allocate requested HealthCheck NodePort " + requested + ": " + e.getMessage());
        }
    }

    // ---- what a service holds ----

    /** The cluster IPs a service holds, canonical ("None" is no IP). */
    static Set<String> clusterIPs(JsonNode spec) {
        Set<String> out = new LinkedHashSet<>();
        if (spec == null || !needsClusterIP(spec)) {
            return out;
        }
        List<String> ips = new ArrayList<>(strings(spec, "clusterIPs"));
        ips.add(str(spec, "clusterIP"));
        for (String ip : ips) {
            String canonical = ServiceCidr.canonical(ip);
            if (canonical != null) {
                out.add(canonical);
            }
        }
        return out;
    }

    /** The node ports a service holds: its ports' and its health check's. */
    static Set<String> portValues(JsonNode spec) {
        Set<String> out = new LinkedHashSet<>();
        if (spec == null) {
            return out;
        }
        ServiceStrategy.nodePorts(spec).forEach(p -> out.add(Long.toString(p)));
        long hc = lng(spec, "healthCheckNodePort", 0);
        if (hc != 0 && needsHealthCheckNodePort(spec)) {
            out.add(Long.toString(hc));
        }
        return out;
    }

    /** Whether the service {@code owner} names still exists (same uid) and holds {@code value}. */
    private boolean holds(Owner owner, String value, Function<JsonNode, Set<String>> values) {
        return store.get(SERVICES_PREFIX + owner.namespace() + "/" + owner.name())
                .map(kv -> ObjectCodec.decodeStored(kv.value(), kv.modRevision()))
                .filter(svc -> svc.path("metadata").path("uid").asText("").equals(owner.uid()))
                .map(svc -> values.apply(svc.get("spec")).contains(value))
                .orElse(false);
    }

    private static void throwIfAny(ObjectNode svc, List<FieldError> errs) {
        if (!errs.isEmpty()) {
            throw ApiException.invalid("", "Service", svc.path("metadata").path("name").asText(""), errs);
        }
    }

    private static ApiException invalid(ObjectNode svc, FieldError error) {
        return ApiException.invalid("", "Service", svc.path("metadata").path("name").asText(""), List.of(error));
    }

    /**
     * Values claimed for one write, released again if the write fails, and values the service
     * stops using, released once the write succeeded. A dry run claims nothing, so has nothing to undo.
     */
    private static final class Transaction implements Finish {
        private record Entry(RangeAllocator allocator, String value) {
        }

        final Owner owner;
        final boolean dryRun;
        private final List<Entry> claimed = new ArrayList<>();
        private final List<Entry> releaseOnSuccess = new ArrayList<>();

        Transaction(Owner owner, boolean dryRun) {
            this.owner = owner;
            this.dryRun = dryRun;
        }

        void claimed(RangeAllocator allocator, String value) {
            claimed.add(new Entry(allocator, value));
        }

        void releaseOnSuccess(RangeAllocator allocator, String value) {
            releaseOnSuccess.add(new Entry(allocator, value));
        }

        @Override
        public void finish(boolean success) {
            if (dryRun) {
                return;
            }
            for (Entry e : success ? releaseOnSuccess : claimed) {
                try {
                    e.allocator().release(e.value(), owner);
                } catch (RuntimeException ex) {
                    LOG.warn("releasing {} of service {} failed; the repair pass will", e.value(), owner, ex);
                }
            }
        }
    }
}
