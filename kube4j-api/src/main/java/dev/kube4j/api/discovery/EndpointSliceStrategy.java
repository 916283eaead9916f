package dev.kube4j.api.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** discovery.k8s.io/v1 endpointslices. */
public class EndpointSliceStrategy extends KindStrategy {

    private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    public EndpointSliceStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode p : objects(obj, "ports")) {
            putIfAbsent(p, "name", "");
            putIfAbsent(p, "protocol", "TCP");
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        String addressType = str(obj, "addressType");
        if (addressType.isEmpty()) {
            errs.add(FieldError.required("addressType", ""));
        } else if (!ADDRESS_TYPES.contains(addressType)) {
            errs.add(FieldError.notSupported("addressType", addressType, ADDRESS_TYPES));
        }
        List<JsonNode> endpoints = elements(obj, "endpoints");
        if (endpoints.size() > 1000) {
            errs.add(FieldError.tooMany("endpoints", endpoints.size(), 1000));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            JsonNode ep = endpoints.get(i);
            Path ip = Path.of("endpoints").index(i);
            Path ap = ip.child("addresses");
            List<JsonNode> addresses = elements(ep, "addresses");
            if (addresses.isEmpty()) {
                errs.add(FieldError.required(ap.toString(), "must contain at least 1 address"));
            } else if (addresses.size() > 100) {
                errs.add(FieldError.tooMany(ap.toString(), addresses.size(), 100));
            }
            for (int j = 0; j < addresses.size(); j++) {
                String a = addresses.get(j).asText();
                Path p = ap.index(j);
                switch (addressType) {
                    case "IPv4" -> {
                        if (!Validators.isIPv4(a)) {
                            errs.add(FieldError.invalid(p.toString(), a, "must be a valid IPv4 address"));
                        } else {
                            errs.addAll(Validators.isValidIP(p, a));
                        }
                    }
                    case "IPv6" -> {
                        if (!Validators.isIPv6(a)) {
                            errs.add(FieldError.invalid(p.toString(), a, "must be a valid IPv6 address"));
                        } else {
                            errs.addAll(Validators.isValidIP(p, a));
                        }
                    }
                    case "FQDN" -> errs.addAll(Validators.isFullyQualifiedDomainName(p, a));
                    default -> {
                    }
                }
            }
            if (ep.hasNonNull("nodeName")) {
                String nn = str(ep, "nodeName");
                for (String m : Validators.isDNS1123Subdomain(nn)) {
                    errs.add(FieldError.invalid(ip.child("nodeName").toString(), nn, m));
                }
            }
            if (ep.hasNonNull("hostname")) {
                String hn = str(ep, "hostname");
                for (String m : Validators.isDNS1123Label(hn)) {
                    errs.add(FieldError.invalid(ip.child("hostname").toString(), hn, m));
                }
            }
            errs.addAll(ObjectMetaValidation.validateLabels(ep.get("deprecatedTopology"), ip.child("deprecatedTopology")));
        }
        List<JsonNode> ports = elements(obj, "ports");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            Path pp = Path.of("ports").index(i);
            String name = str(p, "name");
            if (!name.isEmpty()) {
                for (String m : Validators.isDNS1123Label(name)) {
                    errs.add(FieldError.invalid(pp.child("name").toString(), name, m));
                }
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(pp.child("name").toString(), name));
            }
            if (!p.hasNonNull("protocol")) {
                errs.add(FieldError.required(pp.child("protocol").toString(), ""));
            } else if (!PROTOCOLS.contains(str(p, "protocol"))) {
                errs.add(FieldError.notSupported(pp.child("protocol").toString(), str(p, "protocol"), PROTOCOLS));
            }
            if (p.hasNonNull("appProtocol")) {
                for (String m : Validators.isQualifiedName(str(p, "appProtocol"))) {
                    errs.add(FieldError.invalid(pp.child("appProtocol").toString(), str(p, "appProtocol"), m));
                }
            }
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        errs.addAll(ObjectMetaValidation.validateImmutable(obj.get("addressType"), old.get("addressType"), Path.of("addressType"), str(obj, "addressType")));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
                Tables.col("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
                Tables.col("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        List<String> ports = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (ObjectNode p : objects(obj, "ports")) {
            if (ports.size() < 3) {
                String n = p.hasNonNull("port") ? String.valueOf(p.get("port").asLong()) : p.hasNonNull("name") ? str(p, "name") : "*";
                ports.add(n);
            } else if (ports.size() == 3) {
                more = true;
            }
            count++;
        }
        List<String> addrs = new ArrayList<>();
        int acount = 0;
        boolean amore = false;
        for (ObjectNode ep : objects(obj, "endpoints")) {
            for (JsonNode a : elements(ep, "addresses")) {
                if (addrs.size() < 3) {
                    addrs.add(a.asText());
                } else if (addrs.size() == 3) {
                    amore = true;
                }
                acount++;
            }
        }
        return List.of(Tables.name(obj), str(obj, "addressType"), withMore(ports, more, count), withMore(addrs, amore, acount), Tables.age(obj));
    }

    private static String withMore(List<String> list, boolean more, int count) {
        String ret = String.join(",", list);
        if (more) {
            return ret + " + " + (count - 3) + " more...";
        }
        return ret.isEmpty() ? "<unset>" : ret;
    }
}
