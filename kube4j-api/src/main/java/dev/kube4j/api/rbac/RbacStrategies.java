package dev.kube4j.api.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
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
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** rbac.authorization.k8s.io/v1 roles, cluster roles and their bindings. */
public final class RbacStrategies {

    private RbacStrategies() {
    }

    static final String GROUP = "rbac.authorization.k8s.io";

    static List<FieldError> validatePolicyRule(JsonNode rule, boolean namespaced, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (elements(rule, "verbs").isEmpty()) {
            errs.add(FieldError.required(path.child("verbs").toString(), "verbs must contain at least one value"));
        }
        List<JsonNode> urls = elements(rule, "nonResourceURLs");
        if (!urls.isEmpty()) {
            if (namespaced) {
                errs.add(FieldError.invalid(path.child("nonResourceURLs").toString(), GoValue.stringSlice(rule.get("nonResourceURLs")),
                        "namespaced rules cannot apply to non-resource URLs"));
            }
            if (!elements(rule, "apiGroups").isEmpty() || !elements(rule, "resources").isEmpty() || !elements(rule, "resourceNames").isEmpty()) {
                errs.add(FieldError.invalid(path.child("nonResourceURLs").toString(), GoValue.stringSlice(rule.get("nonResourceURLs")),
                        "rules cannot apply to both regular resources and non-resource URLs"));
            }
            return errs;
        }
        if (elements(rule, "apiGroups").isEmpty()) {
            errs.add(FieldError.required(path.child("apiGroups").toString(), "resource rules must supply at least one api group"));
        }
        if (elements(rule, "resources").isEmpty()) {
            errs.add(FieldError.required(path.child("resources").toString(), "resource rules must supply at least one resource"));
        }
        return errs;
    }

    /** Role (namespaced) and ClusterRole (cluster-scoped, with aggregation rules). */
    public static class RoleStrategy extends KindStrategy {

        public RoleStrategy(boolean namespaced) {
            super(namespaced, NameValidator.PATH_SEGMENT);
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            List<JsonNode> rules = elements(obj, "rules");
            for (int i = 0; i < rules.size(); i++) {
                errs.addAll(validatePolicyRule(rules.get(i), namespaced, Path.of("rules").index(i)));
            }
            if (!namespaced && obj.hasNonNull("aggregationRule")) {
                JsonNode agg = obj(obj, "aggregationRule");
                List<JsonNode> selectors = elements(agg, "clusterRoleSelectors");
                Path sp = Path.of("aggregationRule", "clusterRoleSelectors");
                if (selectors.isEmpty()) {
                    errs.add(FieldError.required(sp.toString(), "at least one clusterRoleSelector required if aggregationRule is non-nil"));
                }
                for (int i = 0; i < selectors.size(); i++) {
                    errs.addAll(ObjectMetaValidation.validateLabelSelector(selectors.get(i), sp.index(i), false));
                }
            }
            return errs;
        }
    }

    /** RoleBinding (namespaced) and ClusterRoleBinding (cluster-scoped). */
    public static class BindingStrategy extends KindStrategy {

        public BindingStrategy(boolean namespaced) {
            super(namespaced, NameValidator.PATH_SEGMENT);
        }

        @Override
        public void applyDefaults(ObjectNode obj) {
            ObjectNode ref = objOrCreate(obj, "roleRef");
            if (ref != null && str(ref, "apiGroup").isEmpty()) {
                ref.put("apiGroup", GROUP);
            }
            for (ObjectNode s : objects(obj, "subjects")) {
                if (str(s, "apiGroup").isEmpty()) {
                    switch (str(s, "kind")) {
                        case "User", "Group" -> s.put("apiGroup", GROUP);
                        default -> {
                        }
                    }
                }
            }
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode ref = obj(obj, "roleRef");
            String apiGroup = str(ref, "apiGroup");
            if (!apiGroup.equals(GROUP)) {
                errs.add(FieldError.notSupported("roleRef.apiGroup", apiGroup, List.of(GROUP)));
            }
            String kind = str(ref, "kind");
            if (namespaced) {
                if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
                    errs.add(FieldError.notSupported("roleRef.kind", kind, List.of("Role", "ClusterRole")));
                }
            } else if (!kind.equals("ClusterRole")) {
                errs.add(FieldError.notSupported("roleRef.kind", kind, List.of("ClusterRole")));
            }
            String name = str(ref, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required("roleRef.name", ""));
            } else {
                for (String m : Validators.isValidPathSegmentName(name)) {
                    errs.add(FieldError.invalid("roleRef.name", name, m));
                }
            }
            List<JsonNode> subjects = elements(obj, "subjects");
            for (int i = 0; i < subjects.size(); i++) {
                errs.addAll(validateSubject(subjects.get(i), namespaced, Path.of("subjects").index(i)));
            }
            return errs;
        }

        private static List<FieldError> validateSubject(JsonNode s, boolean namespaced, Path path) {
            List<FieldError> errs = new ArrayList<>();
            String name = str(s, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(path.child("name").toString(), ""));
            }
            String apiGroup = str(s, "apiGroup");
            switch (str(s, "kind")) {
                case "ServiceAccount" -> {
                    if (!name.isEmpty()) {
                        for (String m : Validators.isDNS1123Subdomain(name)) {
                            errs.add(FieldError.invalid(path.child("name").toString(), name, m));
                        }
                    }
                    if (!apiGroup.isEmpty()) {
                        errs.add(FieldError.notSupported(path.child("apiGroup").toString(), apiGroup, List.of("")));
                    }
                    if (!namespaced && str(s, "namespace").isEmpty()) {
                        errs.add(FieldError.required(path.child("namespace").toString(), ""));
                    }
                }
                case "User", "Group" -> {
                    if (!apiGroup.equals(GROUP)) {
                        errs.add(FieldError.notSupported(path.child("apiGroup").toString(), apiGroup, List.of(GROUP)));
                    }
                }
                default -> errs.add(FieldError.notSupported(path.child("kind").toString(), str(s, "kind"), List.of("ServiceAccount", "User", "Group")));
            }
            return errs;
        }

        @Override
        protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
            List<FieldError> errs = new ArrayList<>(validateSpec(obj));
            JsonNode ref = obj(obj, "roleRef");
            JsonNode oldRef = obj(old, "roleRef");
            if (!ObjectMetaValidation.semanticEquals(ref, oldRef)) {
                errs.add(FieldError.invalid("roleRef", new GoValue("rbac.RoleRef{APIGroup:" + GoValue.quote(str(ref, "apiGroup"))
                        + ", Kind:" + GoValue.quote(str(ref, "kind")) + ", Name:" + GoValue.quote(str(ref, "name")) + "}"), "cannot change roleRef"));
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            String what = namespaced ? "roleBinding" : "clusterRoleBinding";
            return List.of(Tables.name(),
                    Tables.col("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
                    Tables.age(),
                    Tables.wide("Users", "string", "Users in the " + what),
                    Tables.wide("Groups", "string", "Groups in the " + what),
                    Tables.wide("ServiceAccounts", "string", "ServiceAccounts in the " + what));
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            JsonNode ref = obj(obj, "roleRef");
            List<String> users = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            List<String> sas = new ArrayList<>();
            for (ObjectNode s : objects(obj, "subjects")) {
                switch (str(s, "kind")) {
                    case "ServiceAccount" -> sas.add(str(s, "namespace") + "/" + str(s, "name"));
                    case "User" -> users.add(str(s, "name"));
                    case "Group" -> groups.add(str(s, "name"));
                    default -> {
                    }
                }
            }
            return List.of(Tables.name(obj), str(ref, "kind") + "/" + str(ref, "name"), Tables.age(obj),
                    String.join(", ", users), String.join(", ", groups), String.join(", ", sas));
        }
    }
}
