package dev.kube4j.api.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;

/** networking.k8s.io/v1 network policies. */
public class NetworkPolicyStrategy extends KindStrategy {

    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> POLICY_TYPES = List.of("Egress", "Ingress");

    public NetworkPolicyStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    /** Ports default to TCP; policyTypes to Ingress, plus Egress when egress rules exist. */
    @Override
    public void applyDefaults(ObjectNode obj) {
        if (!(obj.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        for (String dir : List.of("ingress", "egress")) {
            for (ObjectNode rule : objects(spec, dir)) {
                for (ObjectNode port : objects(rule, "ports")) {
                    if (!port.hasNonNull("protocol")) {
                        port.put("protocol", "TCP");
                    }
                }
            }
        }
        if (!(spec.get("policyTypes") instanceof ArrayNode types) || types.isEmpty()) {
            ArrayNode types = spec.putArray("policyTypes").add("Ingress");
            if (spec.get("egress") instanceof ArrayNode egress && !egress.isEmpty()) {
                types.add("Egress");
            }
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        errs.addAll(ObjectMetaValidation.validateLabelSelector(obj(spec, "podSelector"), sp.child("podSelector"), false));
        for (String dir : List.of("ingress", "egress")) {
            List<ObjectNode> rules = objects(spec, dir);
            for (int i = 0; i < rules.size(); i++) {
                Path rp = sp.child(dir).index(i);
                List<ObjectNode> ports = objects(rules.get(i), "ports");
                for (int j = 0; j < ports.size(); j++) {
                    errs.addAll(validatePort(ports.get(j), rp.child("ports").index(j)));
                }
                String peers = dir.equals("ingress") ? "from" : "to";
                List<ObjectNode> list = objects(rules.get(i), peers);
                for (int j = 0; j < list.size(); j++) {
                    errs.addAll(validatePeer(list.get(j), rp.child(peers).index(j)));
                }
            }
        }
        List<JsonNode> types = elements(spec, "policyTypes");
        for (int i = 0; i < types.size(); i++) {
            if (!POLICY_TYPES.contains(types.get(i).asText())) {
                errs.add(FieldError.notSupported(sp.child("policyTypes").index(i).toString(), types.get(i).asText(), POLICY_TYPES));
            }
        }
        if (types.size() > 2) {
            errs.add(FieldError.invalid(sp.child("policyTypes").toString(), GoValue.stringSlice(spec.get("policyTypes")),
                    "may not specify more than two policyTypes"));
        }
        return errs;
    }

    private static List<FieldError> validatePort(JsonNode port, Path path) {
        List<FieldError> errs = new ArrayList<>();
        String protocol = strOrNull(port, "protocol");
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            errs.add(FieldError.notSupported(path.child("protocol").toString(), protocol, PROTOCOLS));
        }
        JsonNode p = port.get("port");
        if (p != null && p.isNumber()) {
            for (String m : Validators.isValidPortNum(p.asLong())) {
                errs.add(FieldError.invalid(path.child("port").toString(), p.asLong(), m));
            }
        } else if (p != null && p.isTextual()) {
            for (String m : Validators.isValidPortName(p.asText())) {
                errs.add(FieldError.invalid(path.child("port").toString(), p.asText(), m));
            }
        }
        JsonNode end = port.get("endPort");
        if (end != null && end.isNumber()) {
            if (p == null || !p.isNumber()) {
                errs.add(FieldError.required(path.child("port").toString(), "must be specified when endPort is specified"));
            } else if (end.asLong() < p.asLong()) {
                errs.add(FieldError.invalid(path.child("endPort").toString(), end.asLong(), "must be greater than or equal to `port`"));
            }
        }
        return errs;
    }

    private static List<FieldError> validatePeer(JsonNode peer, Path path) {
        List<FieldError> errs = new ArrayList<>();
        int set = 0;
        for (String f : List.of("podSelector", "namespaceSelector")) {
            if (obj(peer, f) != null) {
                set++;
                errs.addAll(ObjectMetaValidation.validateLabelSelector(obj(peer, f), path.child(f), false));
            }
        }
        JsonNode block = obj(peer, "ipBlock");
        if (block != null) {
            set++;
            String cidr = str(block, "cidr");
            if (cidr.isEmpty()) {
                errs.add(FieldError.required(path.child("ipBlock", "cidr").toString(), ""));
            } else {
                errs.addAll(Validators.isValidCIDR(path.child("ipBlock", "cidr"), cidr));
            }
        }
        if (set == 0) {
            errs.add(FieldError.required(path.toString(), "must specify a peer"));
        } else if (block != null && set > 1) {
            errs.add(FieldError.forbidden(path.toString(), "may not specify both ipBlock and another peer"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), Selectors.formatLabelSelector(obj(obj(obj, "spec"), "podSelector")), Tables.age(obj));
    }
}
