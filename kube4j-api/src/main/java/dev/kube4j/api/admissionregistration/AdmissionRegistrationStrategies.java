package dev.kube4j.api.admissionregistration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/**
 * admissionregistration.k8s.io/v1 objects, stored with upstream's defaults and main validation
 * rules. Nothing calls the webhooks or evaluates the policies yet.
 */
public final class AdmissionRegistrationStrategies {

    private AdmissionRegistrationStrategies() {
    }

    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
    private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");

    static void defaultMatching(ObjectNode o) {
        if (!o.hasNonNull("matchPolicy")) {
            o.put("matchPolicy", "Equivalent");
        }
        if (!o.hasNonNull("namespaceSelector")) {
            o.putObject("namespaceSelector");
        }
        if (!o.hasNonNull("objectSelector")) {
            o.putObject("objectSelector");
        }
    }

    static void checkSupported(JsonNode o, String field, List<String> supported, Path path, List<FieldError> errs) {
        String v = strOrNull(o, field);
        if (v != null && !supported.contains(v)) {
            errs.add(FieldError.notSupported(path.child(field).toString(), v, supported));
        }
    }

    /** Validating- and MutatingWebhookConfiguration. */
    public static class WebhookConfigurationStrategy extends KindStrategy {

        private static final List<String> SIDE_EFFECTS = List.of("None", "NoneOnDryRun");
        private final boolean mutating;

        public WebhookConfigurationStrategy(boolean mutating) {
            super(false, NameValidator.DNS_SUBDOMAIN);
            this.mutating = mutating;
        }

        @Override
        public void applyDefaults(ObjectNode obj) {
            for (ObjectNode w : objects(obj, "webhooks")) {
                if (!w.hasNonNull("failurePolicy")) {
                    w.put("failurePolicy", "Fail");
                }
                defaultMatching(w);
                if (!w.hasNonNull("timeoutSeconds")) {
                    w.put("timeoutSeconds", 10);
                }
                if (mutating && !w.hasNonNull("reinvocationPolicy")) {
                    w.put("reinvocationPolicy", "Never");
                }
                for (ObjectNode r : objects(w, "rules")) {
                    if (!r.hasNonNull("scope")) {
                        r.put("scope", "*");
                    }
                }
                if (obj(w, "clientConfig") instanceof ObjectNode cc && cc.get("service") instanceof ObjectNode svc
                        && !svc.hasNonNull("port")) {
                    svc.put("port", 443);
                }
            }
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            List<ObjectNode> hooks = objects(obj, "webhooks");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < hooks.size(); i++) {
                ObjectNode w = hooks.get(i);
                Path wp = Path.of("webhooks").index(i);
                String name = str(w, "name");
                if (name.isEmpty()) {
                    errs.add(FieldError.required(wp.child("name").toString(), ""));
                } else {
                    for (String m : Validators.isDNS1123Subdomain(name)) {
                        errs.add(FieldError.invalid(wp.child("name").toString(), name, m));
                    }
                    if (name.split("\\.").length < 3) {
                        errs.add(FieldError.invalid(wp.child("name").toString(), name, "should be a domain with at least three segments separated by dots"));
                    }
                    if (!names.add(name)) {
                        errs.add(FieldError.duplicate(wp.child("name").toString(), name));
                    }
                }
                String sideEffects = strOrNull(w, "sideEffects");
                if (sideEffects == null) {
                    errs.add(FieldError.required(wp.child("sideEffects").toString(), "must specify one of None, NoneOnDryRun"));
                } else if (!SIDE_EFFECTS.contains(sideEffects)) {
                    errs.add(FieldError.notSupported(wp.child("sideEffects").toString(), sideEffects, SIDE_EFFECTS));
                }
                if (strings(w, "admissionReviewVersions").isEmpty()) {
                    errs.add(FieldError.required(wp.child("admissionReviewVersions").toString(), "must specify one of v1, v1beta1"));
                }
                JsonNode cc = obj(w, "clientConfig");
                boolean url = cc != null && cc.hasNonNull("url");
                boolean service = cc != null && cc.hasNonNull("service");
                if (url == service) {
                    errs.add(FieldError.required(wp.child("clientConfig").toString(), "exactly one of url or service is required"));
                }
                Long timeout = lng(w, "timeoutSeconds");
                if (timeout != null && (timeout < 1 || timeout > 30)) {
                    errs.add(FieldError.invalid(wp.child("timeoutSeconds").toString(), timeout, "the timeout value must be between 1 and 30 seconds"));
                }
                checkSupported(w, "failurePolicy", FAILURE_POLICIES, wp, errs);
                checkSupported(w, "matchPolicy", MATCH_POLICIES, wp, errs);
                if (mutating) {
                    checkSupported(w, "reinvocationPolicy", List.of("IfNeeded", "Never"), wp, errs);
                }
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    Tables.col("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            return List.of(Tables.name(obj), (long) objects(obj, "webhooks").size(), Tables.age(obj));
        }
    }

    /** ValidatingAdmissionPolicy. */
    public static class ValidatingAdmissionPolicyStrategy extends KindStrategy {

        public ValidatingAdmissionPolicyStrategy() {
            super(false, NameValidator.DNS_SUBDOMAIN);
        }

        @Override
        public void applyDefaults(ObjectNode obj) {
            if (obj.get("spec") instanceof ObjectNode spec) {
                if (!spec.hasNonNull("failurePolicy")) {
                    spec.put("failurePolicy", "Fail");
                }
                if (spec.get("matchConstraints") instanceof ObjectNode mc) {
                    defaultMatching(mc);
                }
            }
        }

        @Override
        public void prepareForCreate(ObjectNode obj) {
            obj.remove("status");
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode spec = obj(obj, "spec");
            Path sp = Path.of("spec");
            List<ObjectNode> validations = objects(spec, "validations");
            if (validations.isEmpty() && objects(spec, "auditAnnotations").isEmpty()) {
                errs.add(FieldError.required(sp.child("validations").toString(), "validations or auditAnnotations must contain at least one item"));
            }
            for (int i = 0; i < validations.size(); i++) {
                if (str(validations.get(i), "expression").isEmpty()) {
                    errs.add(FieldError.required(sp.child("validations").index(i).child("expression").toString(), ""));
                }
            }
            if (obj(spec, "matchConstraints") == null) {
                errs.add(FieldError.required(sp.child("matchConstraints").toString(), ""));
            }
            checkSupported(spec, "failurePolicy", FAILURE_POLICIES, sp, errs);
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    Tables.col("Validations", "integer", "Validations indicates the number of validation rules defined in this configuration"),
                    Tables.col("ParamKind", "string", "ParamKind specifies the kind of resources used to parameterize this policy"),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            JsonNode spec = obj(obj, "spec");
            JsonNode pk = obj(spec, "paramKind");
            return List.of(Tables.name(obj), (long) objects(spec, "validations").size(),
                    pk == null ? "<unset>" : str(pk, "apiVersion") + "/" + str(pk, "kind"), Tables.age(obj));
        }
    }

    /** ValidatingAdmissionPolicyBinding. */
    public static class ValidatingAdmissionPolicyBindingStrategy extends KindStrategy {

        private static final List<String> ACTIONS = List.of("Audit", "Deny", "Warn");

        public ValidatingAdmissionPolicyBindingStrategy() {
            super(false, NameValidator.DNS_SUBDOMAIN);
        }

        @Override
        public void applyDefaults(ObjectNode obj) {
            if (obj(obj, "spec") instanceof ObjectNode spec && spec.get("matchResources") instanceof ObjectNode mr) {
                defaultMatching(mr);
            }
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode spec = obj(obj, "spec");
            Path sp = Path.of("spec");
            if (str(spec, "policyName").isEmpty()) {
                errs.add(FieldError.required(sp.child("policyName").toString(), ""));
            }
            List<String> actions = strings(spec, "validationActions");
            if (actions.isEmpty()) {
                errs.add(FieldError.required(sp.child("validationActions").toString(), "at least one validation action is required"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < actions.size(); i++) {
                Path ap = sp.child("validationActions").index(i);
                if (!ACTIONS.contains(actions.get(i))) {
                    errs.add(FieldError.notSupported(ap.toString(), actions.get(i), ACTIONS));
                } else if (!seen.add(actions.get(i))) {
                    errs.add(FieldError.duplicate(ap.toString(), actions.get(i)));
                }
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    Tables.col("PolicyName", "string", "PolicyName indicates the policy definition which the policy binding binded to"),
                    Tables.col("ParamRef", "string", "ParamRef indicates the param resource which sets the configration param"),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            JsonNode spec = obj(obj, "spec");
            JsonNode ref = obj(spec, "paramRef");
            String param = "<unset>";
            if (ref != null) {
                if (!str(ref, "name").isEmpty()) {
                    param = (str(ref, "namespace").isEmpty() ? "*" : str(ref, "namespace")) + "/" + str(ref, "name");
                } else if (obj(ref, "selector") != null) {
                    param = Selectors.selectorString(obj(ref, "selector"));
                }
            }
            return List.of(Tables.name(obj), str(spec, "policyName"), param == null ? "<error>" : param, Tables.age(obj));
        }
    }
}
