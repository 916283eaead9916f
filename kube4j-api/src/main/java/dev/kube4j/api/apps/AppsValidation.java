package dev.kube4j.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PodSpecValidation;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.apimachinery.strategy.Nodes;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** Shared apps validation (selectors, templates, int-or-percent values). */
public final class AppsValidation {

    private AppsValidation() {
    }

    /** Selector required, valid and non-empty ("empty selector is invalid for {kind}"). */
    static List<FieldError> validateSelector(JsonNode spec, Path path, String kind) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode selector = spec == null ? null : spec.get("selector");
        Path sp = path.child("selector");
        if (selector == null || selector.isNull()) {
            errs.add(FieldError.required(sp.toString(), ""));
        } else {
            errs.addAll(ObjectMetaValidation.validateLabelSelector(selector, sp, false));
            if (selector.isObject() && Selectors.isEmpty(selector)) {
                errs.add(FieldError.invalid(sp.toString(), GoValue.labelSelector(selector), "empty selector is invalid for " + kind));
            }
        }
        return errs;
    }

    /** ValidatePodTemplateSpecForReplicaSet (also used by deployments). */
    static List<FieldError> validateTemplateForReplicaSet(JsonNode spec, Path path, String kindForDeadline) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode selector = spec == null ? null : spec.get("selector");
        Path tp = path.child("template");
        ObjectNode template = obj(spec, "template");
        if (selector != null && !selector.isNull() && !Selectors.isValid(selector)) {
            errs.add(FieldError.invalid(path.child("selector").toString(), GoValue.labelSelector(selector), "invalid label selector"));
            return errs;
        }
        if (template == null) {
            errs.add(FieldError.required(tp.toString(), ""));
            return errs;
        }
        matchTemplateLabels(selector, template, tp, errs);
        errs.addAll(PodSpecValidation.validateTemplate(template, tp));
        ObjectNode ps = obj(template, "spec");
        String rp = str(ps, "restartPolicy");
        if (!rp.equals("Always")) {
            errs.add(FieldError.notSupported(tp.child("spec", "restartPolicy").toString(), rp, List.of("Always")));
        }
        if (ps != null && ps.hasNonNull("activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(tp.child("spec", "activeDeadlineSeconds").toString(), "activeDeadlineSeconds in " + kindForDeadline + " is not Supported"));
        }
        return errs;
    }

    static void matchTemplateLabels(JsonNode selector, JsonNode template, Path tp, List<FieldError> errs) {
        // A nil selector converts to labels.Nothing(), which matches no labels; an empty one to Everything().
        boolean nothing = selector == null || !selector.isObject();
        if (!nothing && Selectors.isEmpty(selector)) {
            return;
        }
        var labels = Nodes.stringMap(obj(template, "metadata"), "labels");
        if (nothing || !Selectors.matches(selector, labels)) {
            errs.add(FieldError.invalid(tp.child("metadata", "labels").toString(), GoValue.stringMap(labels), "`selector` does not match template `labels`"));
        }
    }

    static boolean isPercent(JsonNode v) {
        return v != null && v.isTextual() && Validators.isValidPercent(v.asText()).isEmpty();
    }

    /** getIntOrPercentValue. */
    static long intOrPercentValue(JsonNode v) {
        if (isPercent(v)) {
            String s = v.asText();
            try {
                return Long.parseLong(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (v != null && v.isNumber()) {
            return v.asLong();
        }
        if (v != null && v.isTextual()) {
            try {
                return Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** ValidatePositiveIntOrPercent. */
    public static List<FieldError> validatePositiveIntOrPercent(JsonNode v, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (v == null || v.isNull()) {
            return errs;
        }
        if (v.isTextual()) {
            for (String m : Validators.isValidPercent(v.asText())) {
                errs.add(FieldError.invalid(path.toString(), GoValue.intOrString(v), m));
            }
        } else if (v.isNumber()) {
            errs.addAll(ObjectMetaValidation.validateNonnegative(v.asLong(), path));
        } else {
            errs.add(FieldError.invalid(path.toString(), GoValue.intOrString(v), "must be an integer or percentage (e.g '5%%')"));
        }
        return errs;
    }

    /** IsNotMoreThan100Percent. */
    public static List<FieldError> notMoreThan100Percent(JsonNode v, Path path) {
        if (isPercent(v) && intOrPercentValue(v) > 100) {
            return List.of(FieldError.invalid(path.toString(), GoValue.intOrString(v), "must not be greater than 100%"));
        }
        return List.of();
    }

    /** Selector immutability on update (apps/v1). */
    static List<FieldError> selectorImmutable(JsonNode spec, JsonNode oldSpec) {
        JsonNode n = spec == null ? null : spec.get("selector");
        JsonNode o = oldSpec == null ? null : oldSpec.get("selector");
        return ObjectMetaValidation.validateImmutable(n, o, Path.of("spec", "selector"), GoValue.labelSelector(n));
    }
}
