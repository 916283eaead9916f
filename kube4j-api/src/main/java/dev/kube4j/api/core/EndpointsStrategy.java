package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 endpoints. */
public class EndpointsStrategy extends KindStrategy {

    public EndpointsStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode ss : objects(obj, "subsets")) {
            for (ObjectNode p : objects(ss, "ports")) {
                putIfEmpty(p, "protocol", "TCP");
            }
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> subsets = elements(obj, "subsets");
        for (int i = 0; i < subsets.size(); i++) {
            JsonNode ss = subsets.get(i);
            Path sp = Path.of("subsets").index(i);
            List<JsonNode> addrs = elements(ss, "addresses");
            List<JsonNode> notReady = elements(ss, "notReadyAddresses");
            if (addrs.isEmpty() && notReady.isEmpty()) {
                errs.add(FieldError.required(sp.toString(), "must specify `addresses` or `notReadyAddresses`"));
            }
            for (int j = 0; j < addrs.size(); j++) {
                validateAddress(addrs.get(j), sp.child("addresses").index(j), errs);
            }
            for (int j = 0; j < notReady.size(); j++) {
                validateAddress(notReady.get(j), sp.child("notReadyAddresses").index(j), errs);
            }
            List<JsonNode> ports = elements(ss, "ports");
            for (int j = 0; j < ports.size(); j++) {
                JsonNode p = ports.get(j);
                Path pp = sp.child("ports").index(j);
                String name = str(p, "name");
                if (ports.size() > 1 && name.isEmpty()) {
                    errs.add(FieldError.required(pp.child("name").toString(), ""));
                } else if (!name.isEmpty()) {
                    for (String m : Validators.isDNS1123Label(name)) {
                        errs.add(FieldError.invalid(pp.child("name").toString(), name, m));
                    }
                }
                long port = lng(p, "port", 0);
                for (String m : Validators.isValidPortNum(port)) {
                    errs.add(FieldError.invalid(pp.child("port").toString(), port, m));
                }
                String proto = str(p, "protocol");
                if (proto.isEmpty()) {
                    errs.add(FieldError.required(pp.child("protocol").toString(), ""));
                } else if (!PodSpecValidation.PROTOCOLS.contains(proto)) {
                    errs.add(FieldError.notSupported(pp.child("protocol").toString(), proto, PodSpecValidation.PROTOCOLS));
                }
            }
        }
        return errs;
    }

    private static void validateAddress(JsonNode a, Path path, List<FieldError> errs) {
        String ip = str(a, "ip");
        errs.addAll(Validators.isValidIP(path.child("ip"), ip));
        String hostname = str(a, "hostname");
        if (!hostname.isEmpty()) {
            for (String m : Validators.isDNS1123Label(hostname)) {
                errs.add(FieldError.invalid(path.child("hostname").toString(), hostname, m));
            }
        }
        String nodeName = str(a, "nodeName");
        if (a != null && a.hasNonNull("nodeName")) {
            for (String m : Validators.isDNS1123Subdomain(nodeName)) {
                errs.add(FieldError.invalid(path.child("nodeName").toString(), nodeName, m));
            }
        }
        errs.addAll(ServiceStrategy.nonSpecialIP(ip, path.child("ip")));
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Endpoints", "string",
                "The set of all endpoints is the union of all subsets."), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), formatEndpoints(obj), Tables.age(obj));
    }

    static String formatEndpoints(JsonNode ep) {
        List<ObjectNode> subsets = objects(ep, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int max = 3;
        boolean more = false;
        int count = 0;
        for (ObjectNode ss : subsets) {
            List<ObjectNode> addrs = objects(ss, "addresses");
            List<ObjectNode> ports = objects(ss, "ports");
            if (ports.isEmpty()) {
                count += addrs.size();
                for (ObjectNode a : addrs) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    list.add(str(a, "ip"));
                }
                continue;
            }
            for (ObjectNode p : ports) {
                count += addrs.size();
                for (ObjectNode a : addrs) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    String ip = str(a, "ip");
                    list.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + lng(p, "port", 0));
                }
            }
        }
        String ret = String.join(",", list);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }
}
