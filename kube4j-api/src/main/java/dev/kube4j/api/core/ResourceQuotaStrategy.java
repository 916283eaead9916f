package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Resources;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 resourcequotas. */
public class ResourceQuotaStrategy extends KindStrategy {

    private static final Set<String> SCOPES = Set.of("Terminating", "NotTerminating", "BestEffort", "NotBestEffort",
            "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass");

    public ResourceQuotaStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Resources.canonicalize(obj(obj(obj, "spec"), "hard"));
        ObjectNode status = obj(obj, "status");
        Resources.canonicalize(obj(status, "hard"));
        Resources.canonicalize(obj(status, "used"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        ObjectNode hard = obj(spec, "hard");
        if (hard != null) {
            for (var e : hard.properties()) {
                Path kp = Path.of("spec", "hard").key(e.getKey());
                errs.addAll(Resources.validateQuotaResourceName(e.getKey(), kp));
                errs.addAll(Resources.validateQuantity(e.getKey(), e.getValue(), kp));
            }
        }
        List<JsonNode> scopes = elements(spec, "scopes");
        Set<String> seen = new TreeSet<>();
        for (JsonNode s : scopes) {
            if (!SCOPES.contains(s.asText())) {
                errs.add(FieldError.invalid("spec.scopes", GoValue.stringSlice(spec.get("scopes")), "unsupported scope"));
            }
            seen.add(s.asText());
        }
        if ((seen.contains("BestEffort") && seen.contains("NotBestEffort")) || (seen.contains("Terminating") && seen.contains("NotTerminating"))) {
            errs.add(FieldError.invalid("spec.scopes", GoValue.stringSlice(spec.get("scopes")), "conflicting scopes"));
        }
        for (ObjectNode r : objects(obj(spec, "scopeSelector"), "matchExpressions")) {
            Path mp = Path.of("spec", "scopeSelector", "matchExpressions");
            String scope = str(r, "scopeName");
            if (!SCOPES.contains(scope)) {
                errs.add(FieldError.invalid(mp.child("scopeName").toString(), scope, "unsupported scope"));
            }
            String op = str(r, "operator");
            int n = elements(r, "values").size();
            switch (op) {
                case "In", "NotIn" -> {
                    if (n == 0) {
                        errs.add(FieldError.required(mp.child("values").toString(), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (n != 0) {
                        errs.add(FieldError.invalid(mp.child("values").toString(), GoValue.stringSlice(r.get("values")),
                                "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
                    }
                }
                default -> errs.add(FieldError.invalid(mp.child("operator").toString(), op, "not a valid selector operator"));
            }
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        Set<String> n = new TreeSet<>();
        Set<String> o = new TreeSet<>();
        elements(obj(obj, "spec"), "scopes").forEach(s -> n.add(s.asText()));
        elements(obj(old, "spec"), "scopes").forEach(s -> o.add(s.asText()));
        if (!n.equals(o)) {
            errs.add(FieldError.invalid("spec.scopes", GoValue.stringSlice(obj(obj, "spec") == null ? null : obj(obj, "spec").get("scopes")), "field is immutable"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
                Tables.col("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode status = obj(obj, "status");
        ObjectNode hard = obj(status, "hard");
        ObjectNode used = obj(status, "used");
        List<String> request = new ArrayList<>();
        List<String> limit = new ArrayList<>();
        if (hard != null) {
            TreeSet<String> names = new TreeSet<>();
            hard.fieldNames().forEachRemaining(names::add);
            for (String r : names) {
                Quantity u = Resources.quantity(used, r);
                Quantity h = Resources.quantity(hard, r);
                String s = r + ": " + (u == null ? "0" : u) + "/" + (h == null ? "0" : h);
                String[] pieces = r.split("\\.");
                (pieces.length > 1 && pieces[0].equals("limits") ? limit : request).add(s);
            }
        }
        return List.of(Tables.name(obj), String.join(", ", request), String.join(", ", limit), Tables.age(obj));
    }
}
