package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Resources;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 nodes. */
public class NodeStrategy extends KindStrategy {

    public NodeStrategy() {
        super(false, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode status = obj(obj, "status");
        if (status == null) {
            return;
        }
        Resources.canonicalize(obj(status, "capacity"));
        Resources.canonicalize(obj(status, "allocatable"));
        ObjectNode capacity = obj(status, "capacity");
        if (capacity != null && (!status.has("allocatable") || status.get("allocatable").isNull())) {
            status.set("allocatable", capacity.deepCopy());
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        errs.addAll(validateTaints(spec == null ? null : spec.get("taints"), Path.of("metadata", "taints")));
        errs.addAll(validateResources(obj));
        List<JsonNode> cidrs = elements(spec, "podCIDRs");
        for (int i = 0; i < cidrs.size(); i++) {
            errs.addAll(Validators.isValidCIDR(Path.of("spec", "podCIDRs").index(i), cidrs.get(i).asText()));
        }
        if (cidrs.size() > 1 && (cidrs.size() > 2 || cidrs.get(0).asText().contains(":") == cidrs.get(1).asText().contains(":"))) {
            errs.add(FieldError.invalid("spec.podCIDRs", GoValue.stringSlice(spec.get("podCIDRs")), "may specify no more than one CIDR for each IP family"));
        }
        return errs;
    }

    private static List<FieldError> validateResources(JsonNode node) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode status = obj(node, "status");
        for (String list : List.of("capacity", "allocatable")) {
            ObjectNode rl = obj(status, list);
            if (rl != null) {
                for (var e : rl.properties()) {
                    errs.addAll(Resources.validateQuantity(e.getKey(), e.getValue(), Path.of("status", list, e.getKey())));
                }
            }
        }
        return errs;
    }

    static List<FieldError> validateTaints(JsonNode taints, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (taints == null || !taints.isArray()) {
            return errs;
        }
        Map<String, Set<String>> unique = new HashMap<>();
        for (int i = 0; i < taints.size(); i++) {
            JsonNode t = taints.get(i);
            Path tp = path.index(i);
            String key = str(t, "key");
            errs.addAll(ObjectMetaValidation.validateLabelName(key, tp.child("key")));
            List<String> vm = Validators.isValidLabelValue(str(t, "value"));
            if (!vm.isEmpty()) {
                errs.add(FieldError.invalid(tp.child("value").toString(), str(t, "value"), String.join(";", vm)));
            }
            String effect = str(t, "effect");
            if (effect.isEmpty()) {
                errs.add(FieldError.required(tp.child("effect").toString(), ""));
            } else if (!Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                errs.add(FieldError.notSupported(tp.child("effect").toString(), effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
            }
            if (!unique.computeIfAbsent(effect, k -> new HashSet<>()).add(key)) {
                errs.add(new FieldError(FieldError.Type.DUPLICATE, tp.toString(), GoValue.struct("core.Taint", t), "taints must be unique by key and effect pair"));
            }
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateResources(obj));
        JsonNode spec = obj(obj, "spec");
        JsonNode oldSpec = obj(old, "spec");
        List<JsonNode> addresses = elements(obj(obj, "status"), "addresses");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (!seen.add(addresses.get(i).toString())) {
                errs.add(FieldError.duplicate("status.addresses[" + i + "]", GoValue.struct("core.NodeAddress", addresses.get(i))));
            }
        }
        List<JsonNode> oldCidrs = elements(oldSpec, "podCIDRs");
        List<JsonNode> newCidrs = elements(spec, "podCIDRs");
        if (!oldCidrs.isEmpty() && !ObjectMetaValidation.semanticEquals(oldSpec.get("podCIDRs"), spec == null ? null : spec.get("podCIDRs"))) {
            errs.add(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
        }
        if (!newCidrs.isEmpty() && oldCidrs.isEmpty()) {
            for (int i = 0; i < newCidrs.size(); i++) {
                errs.addAll(Validators.isValidCIDR(Path.of("spec", "podCIDRs").index(i), newCidrs.get(i).asText()));
            }
        }
        String oldProvider = str(oldSpec, "providerID");
        if (!oldProvider.isEmpty() && !oldProvider.equals(str(spec, "providerID"))) {
            errs.add(FieldError.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }
        errs.addAll(validateTaints(spec == null ? null : spec.get("taints"), Path.of("metadata", "taints")));
        if (!str(spec, "externalID").equals(str(oldSpec, "externalID"))) {
            errs.add(FieldError.forbidden("spec.externalID", "may not be updated"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Status", "string", "The status of the node"),
                Tables.col("Roles", "string", "The roles of the node"),
                Tables.age(),
                Tables.col("Version", "string", "Kubelet Version reported by the node."),
                Tables.wide("Internal-IP", "string", "List of addresses reachable to the node."),
                Tables.wide("External-IP", "string", "List of addresses reachable to the node."),
                Tables.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
                Tables.wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
                Tables.wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode status = obj(obj, "status");
        List<String> st = new ArrayList<>();
        for (ObjectNode c : objects(status, "conditions")) {
            if (str(c, "type").equals("Ready")) {
                st.clear();
                st.add(str(c, "status").equals("True") ? "Ready" : "NotReady");
            }
        }
        if (st.isEmpty()) {
            st.add("Unknown");
        }
        if (obj(obj, "spec") != null && obj.get("spec").path("unschedulable").asBoolean(false)) {
            st.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        ObjectNode labels = obj(obj(obj, "metadata"), "labels");
        if (labels != null) {
            for (var e : labels.properties()) {
                String k = e.getKey();
                if (k.startsWith("node-role.kubernetes.io/")) {
                    String role = k.substring("node-role.kubernetes.io/".length());
                    if (!role.isEmpty()) {
                        roles.add(role);
                    }
                } else if (k.equals("kubernetes.io/role") && !e.getValue().asText().isEmpty()) {
                    roles.add(e.getValue().asText());
                }
            }
        }
        JsonNode info = obj(status, "nodeInfo");
        return List.of(Tables.name(obj), String.join(",", st), roles.isEmpty() ? "<none>" : String.join(",", roles),
                Tables.age(obj), str(info, "kubeletVersion"), address(status, "InternalIP"), address(status, "ExternalIP"),
                orUnknown(str(info, "osImage")), orUnknown(str(info, "kernelVersion")), orUnknown(str(info, "containerRuntimeVersion")));
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }

    private static String address(JsonNode status, String type) {
        for (ObjectNode a : objects(status, "addresses")) {
            if (str(a, "type").equals(type)) {
                return str(a, "address");
            }
        }
        return "<none>";
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("spec.unschedulable");
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        if (field.equals("spec.unschedulable")) {
            JsonNode spec = obj(obj, "spec");
            return String.valueOf(spec != null && spec.path("unschedulable").asBoolean(false));
        }
        return super.fieldValue(obj, field);
    }
}
