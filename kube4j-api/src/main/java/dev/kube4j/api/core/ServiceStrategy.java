package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.Nodes;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.kube4j.apimachinery.strategy.Nodes.arr;
import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * core/v1 services: defaults, validation, the service table and field selectors. Cluster IPs and
 * node ports depend on the cluster's ranges and on what other services hold, so the API server
 * allocates them (dev.kube4j.apiserver.services); this class only keeps them across updates and
 * clears them when the type no longer uses them, as upstream's strategy does.
 */
public class ServiceStrategy extends KindStrategy {

    public ServiceStrategy() {
        super(true, NameValidator.DNS1035_LABEL);
    }

    private static boolean externallyAccessible(String type, JsonNode spec) {
        return type.equals("LoadBalancer") || type.equals("NodePort") || (type.equals("ClusterIP") && !elements(spec, "externalIPs").isEmpty());
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        putIfEmpty(spec, "sessionAffinity", "None");
        String affinity = str(spec, "sessionAffinity");
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP")) {
            ObjectNode clientIP = obj(obj(spec, "sessionAffinityConfig"), "clientIP");
            if (clientIP == null || !clientIP.hasNonNull("timeoutSeconds")) {
                spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
            }
        }
        putIfEmpty(spec, "type", "ClusterIP");
        String type = str(spec, "type");
        for (ObjectNode p : objects(spec, "ports")) {
            putIfEmpty(p, "protocol", "TCP");
            JsonNode tp = p.get("targetPort");
            if (tp == null || tp.isNull() || (tp.isNumber() && tp.asLong() == 0) || (tp.isTextual() && tp.asText().isEmpty())) {
                JsonNode port = p.get("port");
                if (port != null && port.isNumber()) {
                    p.put("targetPort", port.asLong());
                } else {
                    p.put("targetPort", 0);
                }
            }
        }
        if (externallyAccessible(type, spec)) {
            putIfEmpty(spec, "externalTrafficPolicy", "Cluster");
        }
        if (!spec.hasNonNull("internalTrafficPolicy") && (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP"))) {
            spec.put("internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Nodes.putIfAbsent(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").putObject("loadBalancer");
        ObjectNode spec = obj(obj, "spec");
        if (spec == null) {
            return;
        }
        // Sync clusterIP and clusterIPs as upstream's PrepareForCreate does.
        ArrayNode ips = arr(spec, "clusterIPs");
        String clusterIP = str(spec, "clusterIP");
        if (clusterIP.isEmpty() && ips != null && !ips.isEmpty() && ips.get(0).isTextual()) {
            clusterIP = ips.get(0).asText();
            spec.put("clusterIP", clusterIP);
        }
        if (!clusterIP.isEmpty() && (ips == null || ips.isEmpty())) {
            spec.putArray("clusterIPs").add(clusterIP);
        }
        if (str(spec, "type").equals("ExternalName")) {
            return;
        }
        // IPs, node ports and IP families come from the cluster's ranges: the API server's
        // service allocator fills them in after validation.
        if (!spec.hasNonNull("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", clusterIP.equals("None") && !spec.hasNonNull("selector") ? "RequireDualStack" : "SingleStack");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode oldStatus = obj(old, "status");
        if (oldStatus != null) {
            obj.set("status", oldStatus.deepCopy());
        }
        ObjectNode spec = obj(obj, "spec");
        ObjectNode oldSpec = obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return;
        }
        patchAllocatedValues(spec, oldSpec);
        dropTypeDependentFields(spec, oldSpec);
    }

    /** Fills in allocated values the client left out, as upstream's patchAllocatedValues (idempotent PUTs). */
    private static void patchAllocatedValues(ObjectNode spec, JsonNode oldSpec) {
        if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
            if (str(spec, "clusterIP").isEmpty() && !str(oldSpec, "clusterIP").isEmpty()) {
                spec.put("clusterIP", str(oldSpec, "clusterIP"));
            }
            if (elements(spec, "clusterIPs").isEmpty() && !elements(oldSpec, "clusterIPs").isEmpty()) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
            for (String f : List.of("ipFamilies", "ipFamilyPolicy")) {
                if (!spec.hasNonNull(f) && oldSpec.has(f)) {
                    spec.set(f, oldSpec.get(f).deepCopy());
                }
            }
        }
        if (needsNodePort(oldSpec) && needsNodePort(spec)) {
            // Node ports are matched by port name; a value already used by another port is not reused.
            Set<Long> used = nodePorts(oldSpec);
            used.retainAll(nodePorts(spec));
            Map<String, Long> byName = new HashMap<>();
            for (ObjectNode op : objects(oldSpec, "ports")) {
                byName.put(str(op, "name"), lng(op, "nodePort", 0));
            }
            for (ObjectNode p : objects(spec, "ports")) {
                Long previous = byName.get(str(p, "name"));
                if (lng(p, "nodePort", 0) == 0 && previous != null && previous != 0 && !used.contains(previous)) {
                    p.put("nodePort", previous);
                }
            }
        }
        if (needsHealthCheckNodePort(oldSpec) && needsHealthCheckNodePort(spec) && lng(spec, "healthCheckNodePort", 0) == 0) {
            spec.put("healthCheckNodePort", lng(oldSpec, "healthCheckNodePort", 0));
        }
    }

    /**
     * Clears allocated fields the new type no longer uses, when the client left them as they were
     * (upstream's dropTypeDependentFields); the allocator then releases them.
     */
    private static void dropTypeDependentFields(ObjectNode spec, JsonNode oldSpec) {
        if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
            if (str(spec, "clusterIP").equals(str(oldSpec, "clusterIP"))
                    && Nodes.strings(spec, "clusterIPs").equals(Nodes.strings(oldSpec, "clusterIPs"))) {
                spec.remove(List.of("clusterIP", "clusterIPs"));
            }
            if (Nodes.strings(spec, "ipFamilies").equals(Nodes.strings(oldSpec, "ipFamilies"))) {
                spec.remove("ipFamilies");
            }
            if (str(spec, "ipFamilyPolicy").equals(str(oldSpec, "ipFamilyPolicy"))) {
                spec.remove("ipFamilyPolicy");
            }
        }
        if (needsNodePort(oldSpec) && !needsNodePort(spec) && nodePorts(oldSpec).containsAll(nodePorts(spec))) {
            for (ObjectNode p : objects(spec, "ports")) {
                p.remove("nodePort");
            }
        }
        if (needsHealthCheckNodePort(oldSpec) && !needsHealthCheckNodePort(spec)
                && lng(spec, "healthCheckNodePort", 0) == lng(oldSpec, "healthCheckNodePort", 0)) {
            spec.remove("healthCheckNodePort");
        }
    }

    /** Every type but ExternalName holds a clusterIP ("None" counts). */
    public static boolean needsClusterIP(JsonNode spec) {
        return !str(spec, "type").equals("ExternalName");
    }

    public static boolean needsNodePort(JsonNode spec) {
        String type = str(spec, "type");
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    /** Whether node ports are allocated for ports that do not ask for one. */
    public static boolean allocatesNodePorts(JsonNode spec) {
        String type = str(spec, "type");
        return type.equals("NodePort") || type.equals("LoadBalancer") && !Boolean.FALSE.equals(Nodes.bool(spec, "allocateLoadBalancerNodePorts"));
    }

    public static boolean needsHealthCheckNodePort(JsonNode spec) {
        return str(spec, "type").equals("LoadBalancer") && str(spec, "externalTrafficPolicy").equals("Local");
    }

    /** The non-zero spec.ports[*].nodePort values. */
    public static Set<Long> nodePorts(JsonNode spec) {
        Set<Long> out = new TreeSet<>();
        for (ObjectNode p : objects(spec, "ports")) {
            long np = lng(p, "nodePort", 0);
            if (np != 0) {
                out.add(np);
            }
        }
        return out;
    }

    // ---- validation ----

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path specPath = Path.of("spec");
        String type = str(spec, "type");
        ArrayNode clusterIPs = arr(spec, "clusterIPs");
        boolean headless = clusterIPs != null && !clusterIPs.isEmpty() && clusterIPs.get(0).asText().equals("None")
                || str(spec, "clusterIP").equals("None");
        List<JsonNode> ports = elements(spec, "ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errs.add(FieldError.required(specPath.child("ports").toString(), ""));
        }
        switch (type) {
            case "LoadBalancer", "NodePort" -> {
                if (headless) {
                    errs.add(FieldError.invalid(specPath.child("clusterIPs").index(0).toString(), "None",
                            "may not be set to 'None' for " + type + " services"));
                }
            }
            case "ExternalName" -> {
                if (clusterIPs != null && !clusterIPs.isEmpty()) {
                    errs.add(FieldError.forbidden(specPath.child("clusterIPs").toString(), "may not be set for ExternalName services"));
                }
                if (!elements(spec, "ipFamilies").isEmpty()) {
                    errs.add(FieldError.forbidden(specPath.child("ipFamilies").toString(), "may not be set for ExternalName services"));
                }
                if (spec != null && spec.hasNonNull("ipFamilyPolicy")) {
                    errs.add(FieldError.forbidden(specPath.child("ipFamilyPolicy").toString(), "may not be set for ExternalName services"));
                }
                String cname = str(spec, "externalName");
                if (cname.endsWith(".")) {
                    cname = cname.substring(0, cname.length() - 1);
                }
                if (cname.isEmpty()) {
                    errs.add(FieldError.required(specPath.child("externalName").toString(), ""));
                } else {
                    for (String m : Validators.isDNS1123Subdomain(cname)) {
                        errs.add(FieldError.invalid(specPath.child("externalName").toString(), cname, m));
                    }
                }
            }
            default -> {
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            validatePort(ports.get(i), ports.size() > 1, names, specPath.child("ports").index(i), errs);
        }
        if (spec != null && spec.has("selector")) {
            errs.addAll(ObjectMetaValidation.validateLabels(spec.get("selector"), specPath.child("selector")));
        }
        String affinity = str(spec, "sessionAffinity");
        if (affinity.isEmpty()) {
            errs.add(FieldError.required(specPath.child("sessionAffinity").toString(), ""));
        } else if (!affinity.equals("ClientIP") && !affinity.equals("None")) {
            errs.add(FieldError.notSupported(specPath.child("sessionAffinity").toString(), affinity, List.of("ClientIP", "None")));
        }
        if (affinity.equals("ClientIP")) {
            ObjectNode cfg = obj(spec, "sessionAffinityConfig");
            Path cp = specPath.child("sessionAffinityConfig");
            if (cfg == null) {
                errs.add(FieldError.required(cp.toString(), "when session affinity type is ClientIP"));
            } else if (obj(cfg, "clientIP") == null) {
                errs.add(FieldError.required(cp.child("clientIP").toString(), "when session affinity type is ClientIP"));
            } else {
                Long t = lng(obj(cfg, "clientIP"), "timeoutSeconds");
                if (t == null) {
                    errs.add(FieldError.required(cp.child("clientIP", "timeoutSeconds").toString(), "when session affinity type is ClientIP"));
                } else if (t <= 0 || t > 86400) {
                    errs.add(FieldError.invalid(cp.child("clientIP", "timeoutSeconds").toString(), t, "must be greater than 0 and less than 86400"));
                }
            }
        } else if (affinity.equals("None") && spec != null && spec.hasNonNull("sessionAffinityConfig")) {
            errs.add(FieldError.forbidden(specPath.child("sessionAffinityConfig").toString(), "must not be set when session affinity is None"));
        }
        validateClusterIPs(spec, type, headless, errs);
        List<JsonNode> externalIPs = elements(spec, "externalIPs");
        for (int i = 0; i < externalIPs.size(); i++) {
            Path ip = specPath.child("externalIPs").index(i);
            List<FieldError> ipErrs = Validators.isValidIP(ip, externalIPs.get(i).asText());
            errs.addAll(ipErrs.isEmpty() ? nonSpecialIP(externalIPs.get(i).asText(), ip) : ipErrs);
        }
        if (type.isEmpty()) {
            errs.add(FieldError.required(specPath.child("type").toString(), ""));
        } else if (!TYPES.contains(type)) {
            errs.add(FieldError.notSupported(specPath.child("type").toString(), type, TYPES));
        }
        Set<String> nodePorts = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            Path pp = specPath.child("ports").index(i);
            long np = lng(p, "nodePort", 0);
            if (type.equals("ClusterIP") && np != 0) {
                errs.add(FieldError.forbidden(pp.child("nodePort").toString(), "may not be used when `type` is 'ClusterIP'"));
            }
            if (np != 0) {
                if (!nodePorts.add(str(p, "protocol") + "/" + np)) {
                    errs.add(FieldError.duplicate(pp.child("nodePort").toString(), np));
                }
            }
            String key = str(p, "protocol") + "/" + lng(p, "port", 0);
            if (!portKeys.add(key)) {
                errs.add(FieldError.duplicate(pp.toString(), new GoValue("core.ServicePort{Name:\"\", Protocol:" + GoValue.quote(str(p, "protocol"))
                        + ", AppProtocol:(*string)(nil), Port:" + lng(p, "port", 0) + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")));
            }
        }
        List<JsonNode> ranges = elements(spec, "loadBalancerSourceRanges");
        if (!ranges.isEmpty()) {
            Path rp = specPath.child("LoadBalancerSourceRanges");
            if (!type.equals("LoadBalancer")) {
                errs.add(FieldError.forbidden(rp.toString(), "may only be used when `type` is 'LoadBalancer'"));
            }
            for (int i = 0; i < ranges.size(); i++) {
                errs.addAll(Validators.isValidCIDR(rp.index(i), ranges.get(i).asText().strip()));
            }
        }
        if (spec != null && spec.hasNonNull("allocateLoadBalancerNodePorts") && !type.equals("LoadBalancer")) {
            errs.add(FieldError.forbidden(specPath.child("allocateLoadBalancerNodePorts").toString(), "may only be used when `type` is 'LoadBalancer'"));
        }
        if (type.equals("LoadBalancer") && (spec == null || !spec.hasNonNull("allocateLoadBalancerNodePorts"))) {
            errs.add(FieldError.required("allocateLoadBalancerNodePorts", ""));
        }
        String etp = str(spec, "externalTrafficPolicy");
        if (!externallyAccessible(type, spec)) {
            if (!etp.isEmpty()) {
                errs.add(FieldError.invalid(specPath.child("externalTrafficPolicy").toString(), etp, "may only be set for externally-accessible services"));
            }
        } else if (etp.isEmpty()) {
            errs.add(FieldError.required(specPath.child("externalTrafficPolicy").toString(), ""));
        } else if (!etp.equals("Cluster") && !etp.equals("Local")) {
            errs.add(FieldError.notSupported(specPath.child("externalTrafficPolicy").toString(), etp, List.of("Cluster", "Local")));
        }
        long hc = lng(spec, "healthCheckNodePort", 0);
        boolean needsHealthCheck = type.equals("LoadBalancer") && etp.equals("Local");
        if (!needsHealthCheck && hc != 0) {
            errs.add(FieldError.invalid(specPath.child("healthCheckNodePort").toString(), hc,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
        } else if (needsHealthCheck && hc != 0) {
            for (String m : Validators.isValidPortNum(hc)) {
                errs.add(FieldError.invalid(specPath.child("healthCheckNodePort").toString(), hc, m));
            }
        }
        String itp = str(spec, "internalTrafficPolicy");
        if (spec == null || !spec.hasNonNull("internalTrafficPolicy")) {
            if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
                errs.add(FieldError.required("spec.internalTrafficPolicy", ""));
            }
        } else if (!itp.equals("Cluster") && !itp.equals("Local")) {
            errs.add(FieldError.notSupported("spec.internalTrafficPolicy", itp, List.of("Cluster", "Local")));
        }
        if (spec != null && spec.hasNonNull("trafficDistribution") && !str(spec, "trafficDistribution").equals("PreferClose")) {
            errs.add(FieldError.notSupported("spec.trafficDistribution", str(spec, "trafficDistribution"), List.of("PreferClose")));
        }
        return errs;
    }

    private static void validatePort(JsonNode p, boolean requireName, Set<String> names, Path path, List<FieldError> errs) {
        String name = str(p, "name");
        if (requireName && name.isEmpty()) {
            errs.add(FieldError.required(path.child("name").toString(), ""));
        } else if (!name.isEmpty()) {
            for (String m : Validators.isDNS1123Label(name)) {
                errs.add(FieldError.invalid(path.child("name").toString(), name, m));
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(path.child("name").toString(), name));
            }
        }
        long port = lng(p, "port", 0);
        for (String m : Validators.isValidPortNum(port)) {
            errs.add(FieldError.invalid(path.child("port").toString(), port, m));
        }
        String proto = str(p, "protocol");
        if (proto.isEmpty()) {
            errs.add(FieldError.required(path.child("protocol").toString(), ""));
        } else if (!PodSpecValidation.PROTOCOLS.contains(proto)) {
            errs.add(FieldError.notSupported(path.child("protocol").toString(), proto, PodSpecValidation.PROTOCOLS));
        }
        errs.addAll(PodSpecValidation.validatePortNumOrName(p == null ? null : p.get("targetPort"), path.child("targetPort")));
        String app = Nodes.strOrNull(p, "appProtocol");
        if (app != null) {
            for (String m : Validators.isQualifiedName(app)) {
                errs.add(FieldError.invalid(path.child("appProtocol").toString(), app, m));
            }
        }
    }

    private static void validateClusterIPs(JsonNode spec, String type, boolean headless, List<FieldError> errs) {
        if (type.equals("ExternalName")) {
            return;
        }
        Path ipsPath = Path.of("spec", "clusterIPs");
        String clusterIP = str(spec, "clusterIP");
        JsonNode ips = spec == null ? null : spec.get("clusterIPs");
        List<String> list = Nodes.strings(spec, "clusterIPs");
        if (!clusterIP.isEmpty()) {
            if (list.isEmpty()) {
                errs.add(FieldError.required(ipsPath.toString(), ""));
            } else if (!list.get(0).equals(clusterIP)) {
                errs.add(FieldError.invalid(ipsPath.toString(), GoValue.stringSlice(ips), "first value must match `clusterIP`"));
            }
        } else if (!list.isEmpty()) {
            errs.add(FieldError.invalid(ipsPath.toString(), GoValue.stringSlice(ips), "must be empty when `clusterIP` is not specified"));
        }
        List<JsonNode> families = elements(spec, "ipFamilies");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i).asText();
            if (!f.equals("IPv4") && !f.equals("IPv6")) {
                errs.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", f, List.of("IPv4", "IPv6")));
            }
            if (!seen.add(f)) {
                errs.add(FieldError.duplicate("spec.ipFamilies[" + i + "]", f));
            }
        }
        String policy = str(spec, "ipFamilyPolicy");
        if (spec != null && spec.hasNonNull("ipFamilyPolicy") && !List.of("SingleStack", "PreferDualStack", "RequireDualStack").contains(policy)) {
            errs.add(FieldError.notSupported("spec.ipFamilyPolicy", policy, List.of("PreferDualStack", "RequireDualStack", "SingleStack")));
        }
        boolean invalid = false;
        for (int i = 0; i < list.size(); i++) {
            String ip = list.get(i);
            if (i == 0 && ip.equals("None")) {
                if (list.size() > 1) {
                    invalid = true;
                    errs.add(FieldError.invalid(ipsPath.toString(), GoValue.stringSlice(ips), "'None' must be the first and only value"));
                }
                continue;
            }
            List<FieldError> ipErrs = Validators.isValidIP(ipsPath.index(i), ip);
            invalid |= !ipErrs.isEmpty();
            errs.addAll(ipErrs);
        }
        if (list.size() > 2) {
            errs.add(FieldError.invalid(ipsPath.toString(), GoValue.stringSlice(ips), "may only hold up to 2 values"));
        }
        if (invalid) {
            return;
        }
        if (list.size() == 2 && Validators.isIPv6(list.get(0)) == Validators.isIPv6(list.get(1))) {
            errs.add(FieldError.invalid(ipsPath.toString(), GoValue.stringSlice(ips), "may specify no more than one IP for each IP family"));
        }
        if (!headless) {
            for (int i = 0; i < list.size() && i < families.size(); i++) {
                String f = families.get(i).asText();
                if (f.equals("IPv4") && Validators.isIPv6(list.get(i))) {
                    errs.add(FieldError.invalid(ipsPath.index(i).toString(), list.get(i), "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`"));
                }
                if (f.equals("IPv6") && !Validators.isIPv6(list.get(i))) {
                    errs.add(FieldError.invalid(ipsPath.index(i).toString(), list.get(i), "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`"));
                }
            }
        }
    }

    static List<FieldError> nonSpecialIP(String ip, Path path) {
        List<FieldError> errs = new ArrayList<>();
        InetAddress a = Validators.parseIP(ip);
        if (a == null) {
            errs.add(FieldError.invalid(path.toString(), ip, "must be a valid IP address"));
            return errs;
        }
        if (a.isAnyLocalAddress()) {
            errs.add(FieldError.invalid(path.toString(), ip, "may not be unspecified (" + ip + ")"));
        }
        if (a.isLoopbackAddress()) {
            errs.add(FieldError.invalid(path.toString(), ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }
        if (a.isLinkLocalAddress()) {
            errs.add(FieldError.invalid(path.toString(), ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        byte[] b = a.getAddress();
        if ((b.length == 4 && (b[0] & 255) == 224 && b[1] == 0 && b[2] == 0) || (b.length == 16 && (b[0] & 255) == 0xff && (b[1] & 0x0f) == 2)) {
            errs.add(FieldError.invalid(path.toString(), ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        JsonNode oldSpec = obj(old, "spec");
        String type = str(spec, "type");
        String oldType = str(oldSpec, "type");
        if (!type.equals("ExternalName") && !oldType.equals("ExternalName")) {
            JsonNode ipsNode = spec == null ? null : spec.get("clusterIPs");
            List<String> n = Nodes.strings(spec, "clusterIPs");
            List<String> o = Nodes.strings(oldSpec, "clusterIPs");
            boolean bothHeadless = !n.isEmpty() && n.get(0).equals("None") && !o.isEmpty() && o.get(0).equals("None");
            if (!bothHeadless) {
                if (n.size() == o.size()) {
                    for (int i = 0; i < o.size(); i++) {
                        if (!o.get(i).equals(n.get(i))) {
                            errs.add(FieldError.invalid("spec.clusterIPs[" + i + "]", GoValue.stringSlice(ipsNode), "may not change once set"));
                        }
                    }
                } else if (o.size() > n.size()) {
                    if (n.isEmpty()) {
                        errs.add(FieldError.invalid("spec.clusterIPs[0]", GoValue.stringSlice(ipsNode), "primary clusterIP can not be unset"));
                    } else if (!n.get(0).equals(o.get(0))) {
                        errs.add(FieldError.invalid("spec.clusterIPs[0]", GoValue.stringSlice(ipsNode), "may not change once set"));
                    }
                } else if (!o.isEmpty() && !n.get(0).equals(o.get(0))) {
                    errs.add(FieldError.invalid("spec.clusterIPs[0]", GoValue.stringSlice(ipsNode), "may not change once set"));
                }
            }
        }
        if (type.equals("LoadBalancer") && oldType.equals("LoadBalancer") && str(spec, "externalTrafficPolicy").equals("Local")
                && str(oldSpec, "externalTrafficPolicy").equals("Local") && lng(spec, "healthCheckNodePort", 0) != lng(oldSpec, "healthCheckNodePort", 0)) {
            errs.add(FieldError.forbidden("spec.healthCheckNodePort", "field is immutable"));
        }
        errs.addAll(validateSpec(obj));
        return errs;
    }

    // ---- table ----

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Type", "string", "type determines how the Service is exposed."),
                Tables.col("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
                Tables.col("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                Tables.col("Port(s)", "string", "The list of ports that are exposed by this service."),
                Tables.age(),
                Tables.wide("Selector", "string", "Route service traffic to pods with label keys and values matching this selector."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        List<String> ips = Nodes.strings(spec, "clusterIPs");
        String internal = ips.isEmpty() ? "<none>" : ips.get(0);
        List<String> ports = new ArrayList<>();
        for (ObjectNode p : objects(spec, "ports")) {
            long np = lng(p, "nodePort", 0);
            ports.add(np > 0 ? lng(p, "port", 0) + ":" + np + "/" + str(p, "protocol") : lng(p, "port", 0) + "/" + str(p, "protocol"));
        }
        String portStr = ports.isEmpty() ? "<none>" : String.join(",", ports);
        return List.of(Tables.name(obj), str(spec, "type"), internal, externalIP(obj), portStr, Tables.age(obj),
                Selectors.formatLabels(Nodes.stringMap(spec, "selector")));
    }

    private static String externalIP(JsonNode svc) {
        JsonNode spec = obj(svc, "spec");
        List<String> external = Nodes.strings(spec, "externalIPs");
        switch (str(spec, "type")) {
            case "ClusterIP", "NodePort" -> {
                return external.isEmpty() ? "<none>" : String.join(",", external);
            }
            case "LoadBalancer" -> {
                TreeSet<String> lb = new TreeSet<>();
                for (ObjectNode ing : objects(obj(obj(svc, "status"), "loadBalancer"), "ingress")) {
                    if (!str(ing, "ip").isEmpty()) {
                        lb.add(str(ing, "ip"));
                    } else if (!str(ing, "hostname").isEmpty()) {
                        lb.add(str(ing, "hostname"));
                    }
                }
                if (!external.isEmpty()) {
                    List<String> all = new ArrayList<>(lb);
                    all.addAll(external);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : String.join(",", lb);
            }
            case "ExternalName" -> {
                return str(spec, "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("spec.clusterIP", "spec.type");
    }
}
