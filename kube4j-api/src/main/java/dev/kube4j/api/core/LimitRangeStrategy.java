package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Resources;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 limitranges (no printer upstream: Name, Created At). */
public class LimitRangeStrategy extends KindStrategy {

    private static final List<String> LISTS = List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio");

    public LimitRangeStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode item : objects(obj(obj, "spec"), "limits")) {
            for (String l : LISTS) {
                Resources.canonicalize(obj(item, l));
            }
            if (!str(item, "type").equals("Container")) {
                continue;
            }
            ObjectNode dflt = item.hasNonNull("default") ? obj(item, "default") : item.putObject("default");
            ObjectNode dreq = item.hasNonNull("defaultRequest") ? obj(item, "defaultRequest") : item.putObject("defaultRequest");
            if (dflt == null || dreq == null) {
                continue;
            }
            copyMissing(obj(item, "max"), dflt);
            copyMissing(dflt, dreq);
            copyMissing(obj(item, "min"), dreq);
        }
    }

    private static void copyMissing(ObjectNode from, ObjectNode to) {
        if (from == null) {
            return;
        }
        from.properties().forEach(e -> {
            if (!to.has(e.getKey())) {
                to.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        Path fld = Path.of("spec", "limits");
        Set<String> types = new HashSet<>();
        List<JsonNode> items = elements(obj(obj, "spec"), "limits");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Path ip = fld.index(i);
            String type = str(item, "type");
            for (String m : Validators.isQualifiedName(type)) {
                errs.add(FieldError.invalid(ip.child("type").toString(), type, m));
            }
            if (!type.contains("/") && Validators.isQualifiedName(type).isEmpty() && !Set.of("Pod", "Container", "PersistentVolumeClaim").contains(type)) {
                errs.add(FieldError.invalid(ip.child("type").toString(), type, "must be a standard limit type or fully qualified"));
            }
            if (!types.add(type)) {
                errs.add(FieldError.duplicate(ip.child("type").toString(), type));
            }
            Map<String, Map<String, Quantity>> q = new HashMap<>();
            Set<String> keys = new LinkedHashSet<>();
            for (String l : LISTS) {
                Map<String, Quantity> m = new HashMap<>();
                q.put(l, m);
                ObjectNode list = obj(item, l);
                if (list == null) {
                    continue;
                }
                if (type.equals("Pod") && (l.equals("default") || l.equals("defaultRequest"))) {
                    if (!list.isEmpty()) {
                        errs.add(FieldError.forbidden(ip.child(l).toString(), "may not be specified when `type` is 'Pod'"));
                    }
                    continue;
                }
                for (var e : list.properties()) {
                    Path kp = ip.child(l).key(e.getKey());
                    errs.addAll(type.equals("Pod") || type.equals("Container")
                            ? Resources.validateContainerResourceName(e.getKey(), kp) : Resources.validateResourceName(e.getKey(), kp));
                    Quantity v = Resources.parse(e.getValue(), kp, errs);
                    if (v != null) {
                        m.put(e.getKey(), v);
                    }
                    keys.add(e.getKey());
                }
            }
            if (type.equals("PersistentVolumeClaim") && !q.get("min").containsKey("storage") && !q.get("max").containsKey("storage")) {
                errs.add(FieldError.required(ip.child("limits").toString(), "either minimum or maximum storage value is required, but neither was provided"));
            }
            for (String k : keys) {
                Quantity min = q.get("min").get(k);
                Quantity max = q.get("max").get(k);
                Quantity dflt = q.get("default").get(k);
                Quantity dreq = q.get("defaultRequest").get(k);
                Quantity ratio = q.get("maxLimitRequestRatio").get(k);
                if (min != null && max != null && min.compareTo(max) > 0) {
                    errs.add(FieldError.invalid(ip.child("min").key(k).toString(), new GoValue(min.toString()), "min value " + min + " is greater than max value " + max));
                }
                if (dreq != null && min != null && min.compareTo(dreq) > 0) {
                    errs.add(FieldError.invalid(ip.child("defaultRequest").key(k).toString(), new GoValue(dreq.toString()), "min value " + min + " is greater than default request value " + dreq));
                }
                if (dreq != null && max != null && dreq.compareTo(max) > 0) {
                    errs.add(FieldError.invalid(ip.child("defaultRequest").key(k).toString(), new GoValue(dreq.toString()), "default request value " + dreq + " is greater than max value " + max));
                }
                if (dreq != null && dflt != null && dreq.compareTo(dflt) > 0) {
                    errs.add(FieldError.invalid(ip.child("defaultRequest").key(k).toString(), new GoValue(dreq.toString()), "default request value " + dreq + " is greater than default limit value " + dflt));
                }
                if (dflt != null && min != null && min.compareTo(dflt) > 0) {
                    errs.add(FieldError.invalid(ip.child("default").key(k).toString(), new GoValue(min.toString()), "min value " + min + " is greater than default value " + dflt));
                }
                if (dflt != null && max != null && dflt.compareTo(max) > 0) {
                    errs.add(FieldError.invalid(ip.child("default").key(k).toString(), new GoValue(max.toString()), "default value " + dflt + " is greater than max value " + max));
                }
                if (ratio != null && ratio.compareTo(Quantity.parse("1")) < 0) {
                    errs.add(FieldError.invalid(ip.child("maxLimitRequestRatio").key(k).toString(), new GoValue(ratio.toString()), "ratio " + ratio + " is less than 1"));
                }
                if (ratio != null && min != null && max != null && min.signum() > 0) {
                    BigDecimal limit = max.value().divide(min.value(), 6, java.math.RoundingMode.HALF_EVEN);
                    if (ratio.value().compareTo(limit) > 0) {
                        errs.add(FieldError.invalid(ip.child("maxLimitRequestRatio").key(k).toString(), new GoValue(ratio.toString()),
                                "ratio " + ratio + " is greater than max/min = " + String.format("%f", limit.doubleValue())));
                    }
                }
                if (!Resources.isOvercommitAllowed(k) && dflt != null && dreq != null && dflt.compareTo(dreq) != 0) {
                    errs.add(FieldError.invalid(ip.child("defaultRequest").key(k).toString(), new GoValue(dreq.toString()),
                            "default value " + dflt + " must equal to defaultRequest value " + dreq + " in " + k));
                }
            }
        }
        return errs;
    }
}
