package dev.kube4j.api.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;

/** networking.k8s.io/v1 ingresses. */
public class IngressStrategy extends KindStrategy {

    private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");

    public IngressStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        JsonNode backend = obj(spec, "defaultBackend");
        List<ObjectNode> rules = objects(spec, "rules");
        if (backend == null && rules.isEmpty()) {
            errs.add(FieldError.invalid(sp.toString(), GoValue.struct("networking.IngressSpec", spec),
                    "either `defaultBackend` or `rules` must be specified"));
        }
        if (backend != null) {
            errs.addAll(validateBackend(backend, sp.child("defaultBackend")));
        }
        for (int i = 0; i < rules.size(); i++) {
            errs.addAll(validateRule(rules.get(i), sp.child("rules").index(i)));
        }
        List<ObjectNode> tls = objects(spec, "tls");
        for (int i = 0; i < tls.size(); i++) {
            List<JsonNode> hosts = dev.kube4j.apimachinery.strategy.Nodes.elements(tls.get(i), "hosts");
            for (int j = 0; j < hosts.size(); j++) {
                errs.addAll(validateHost(hosts.get(j).asText(), sp.child("tls").index(i).child("hosts").index(j)));
            }
        }
        String className = strOrNull(spec, "ingressClassName");
        if (className != null) {
            for (String m : Validators.isDNS1123Subdomain(className)) {
                errs.add(FieldError.invalid(sp.child("ingressClassName").toString(), className, m));
            }
        }
        return errs;
    }

    private static List<FieldError> validateRule(JsonNode rule, Path path) {
        List<FieldError> errs = new ArrayList<>();
        String host = str(rule, "host");
        if (!host.isEmpty()) {
            errs.addAll(validateHost(host, path.child("host")));
        }
        JsonNode http = obj(rule, "http");
        if (http == null) {
            return errs;
        }
        Path pp = path.child("http", "paths");
        List<ObjectNode> paths = objects(http, "paths");
        if (paths.isEmpty()) {
            errs.add(FieldError.required(pp.toString(), ""));
        }
        for (int i = 0; i < paths.size(); i++) {
            ObjectNode p = paths.get(i);
            Path ip = pp.index(i);
            String type = strOrNull(p, "pathType");
            String value = str(p, "path");
            if (type == null) {
                errs.add(FieldError.required(ip.child("pathType").toString(), "pathType must be specified"));
            } else if (!PATH_TYPES.contains(type)) {
                errs.add(FieldError.notSupported(ip.child("pathType").toString(), type, PATH_TYPES));
            } else if (!type.equals("ImplementationSpecific") && !value.startsWith("/")) {
                errs.add(FieldError.invalid(ip.child("path").toString(), value, "must be an absolute path"));
            } else if (!type.equals("ImplementationSpecific") && (value.contains("//") || value.contains("/./")
                    || value.contains("/../") || value.endsWith("/..") || value.endsWith("/."))) {
                errs.add(FieldError.invalid(ip.child("path").toString(), value, "must not contain '//', '/./', '/../', or end with '/..' or '/.'"));
            }
            JsonNode backend = obj(p, "backend");
            errs.addAll(validateBackend(backend, ip.child("backend")));
        }
        return errs;
    }

    private static List<FieldError> validateHost(String host, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (Validators.parseIP(host) != null) {
            errs.add(FieldError.invalid(path.toString(), host, "must be a DNS name, not an IP address"));
            return errs;
        }
        if (host.startsWith("*.")) {
            for (String m : Validators.isDNS1123Subdomain(host.substring(2))) {
                errs.add(FieldError.invalid(path.toString(), host, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
                break;
            }
        } else {
            for (String m : Validators.isDNS1123Subdomain(host)) {
                errs.add(FieldError.invalid(path.toString(), host, m));
            }
        }
        return errs;
    }

    private static List<FieldError> validateBackend(JsonNode backend, Path path) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode service = obj(backend, "service");
        JsonNode resource = obj(backend, "resource");
        if (service != null && resource != null) {
            errs.add(FieldError.invalid(path.toString(), "", "cannot set both resource and service backends"));
        } else if (resource != null) {
            if (str(resource, "kind").isEmpty()) {
                errs.add(FieldError.required(path.child("resource", "kind").toString(), ""));
            }
            if (str(resource, "name").isEmpty()) {
                errs.add(FieldError.required(path.child("resource", "name").toString(), ""));
            }
        } else if (service != null) {
            String name = str(service, "name");
            Path np = path.child("service", "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(np.toString(), ""));
            } else {
                for (String m : Validators.isDNS1035Label(name)) {
                    errs.add(FieldError.invalid(np.toString(), name, m));
                }
            }
            JsonNode port = obj(service, "port");
            String portName = str(port, "name");
            long number = lng(port, "number", 0);
            Path pp = path.child("service", "port");
            if (!portName.isEmpty() && number != 0) {
                errs.add(FieldError.invalid(pp.toString(), "", "cannot set both port name & port number"));
            } else if (!portName.isEmpty()) {
                for (String m : Validators.isValidPortName(portName)) {
                    errs.add(FieldError.invalid(pp.child("name").toString(), portName, m));
                }
            } else if (number != 0) {
                for (String m : Validators.isValidPortNum(number)) {
                    errs.add(FieldError.invalid(pp.child("number").toString(), number, m));
                }
            } else {
                errs.add(FieldError.required(pp.toString(), "port name or number is required"));
            }
        } else {
            errs.add(FieldError.invalid(path.toString(), "", "resource or service backend is required"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Class", "string", "The name of the IngressClass resource that should be used for additional configuration"),
                Tables.col("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
                Tables.col("Address", "string", "Address is a list containing ingress points for the load-balancer"),
                Tables.col("Ports", "string", "Ports of TLS configurations that open"),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        String className = strOrNull(spec, "ingressClassName");
        return List.of(Tables.name(obj), className == null ? "<none>" : className, hosts(objects(spec, "rules")),
                address(obj(obj(obj, "status"), "loadBalancer")), objects(spec, "tls").isEmpty() ? "80" : "80, 443",
                Tables.age(obj));
    }

    /** formatHosts: up to three hosts, then "+ N more...", "*" when none. */
    private static String hosts(List<ObjectNode> rules) {
        List<String> list = new ArrayList<>();
        boolean more = false;
        for (ObjectNode r : rules) {
            if (list.size() == 3) {
                more = true;
            }
            if (!more && !str(r, "host").isEmpty()) {
                list.add(str(r, "host"));
            }
        }
        if (list.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (rules.size() - 3) + " more..." : joined;
    }

    /** The load balancer's IPs or host names, sorted and clipped as upstream's printer does (it prints wide). */
    private static String address(JsonNode loadBalancer) {
        TreeSet<String> result = new TreeSet<>();
        for (ObjectNode i : objects(loadBalancer, "ingress")) {
            if (!str(i, "ip").isEmpty()) {
                result.add(str(i, "ip"));
            } else if (!str(i, "hostname").isEmpty()) {
                result.add(str(i, "hostname"));
            }
        }
        return String.join(",", result);
    }
}
