package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's validation of a CustomResourceDefinition (apiextensions.k8s.io/v1) for the rules that
 * matter to serving it: names, group, scope, versions (exactly one storage version), printer
 * columns, and a structural schema for every version, with upstream's paths and messages.
 */
final class CrdValidation {

    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
    private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float", "int32",
            "int64", "password");
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");

    private CrdValidation() {
    }

    /** metadata.name must be {@code <plural>.<group>} (checked with the DNS subdomain rule). */
    static List<String> nameErrors(String name, JsonNode crd) {
        List<String> errs = new ArrayList<>(Validators.isDNS1123Subdomain(name));
        JsonNode spec = crd.path("spec");
        if (!name.equals(spec.path("names").path("plural").asText("") + "." + spec.path("group").asText(""))) {
            errs.add("must be spec.names.plural+\".\"+spec.group");
        }
        return errs;
    }

    static List<FieldError> validateSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        Path p = Path.of("spec");
        String group = spec.path("group").asText("");
        if (group.isEmpty()) {
            errs.add(FieldError.required(p.child("group").toString(), ""));
        } else if (!Validators.isDNS1123Subdomain(group).isEmpty()) {
            errs.add(FieldError.invalid(p.child("group").toString(), group, String.join(",", Validators.isDNS1123Subdomain(group))));
        } else if (group.split("\\.").length < 2) {
            errs.add(FieldError.invalid(p.child("group").toString(), group, "should be a domain with at least one dot"));
        }
        String scope = spec.path("scope").asText("");
        if (scope.isEmpty()) {
            errs.add(FieldError.required(p.child("scope").toString(), ""));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            errs.add(FieldError.notSupported(p.child("scope").toString(), scope, List.of("Cluster", "Namespaced")));
        }
        errs.addAll(validateVersions(spec.path("versions"), p.child("versions")));
        errs.addAll(validateNames(spec.path("names"), p.child("names")));
        String strategy = spec.path("conversion").path("strategy").asText("None");
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            errs.add(FieldError.notSupported("spec.conversion.strategy", strategy, List.of("None", "Webhook")));
        }
        return errs;
    }

    private static List<FieldError> validateVersions(JsonNode versions, Path p) {
        List<FieldError> errs = new ArrayList<>();
        int storage = 0;
        Set<String> names = new HashSet<>();
        boolean unique = true;
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            Path vp = p.index(i);
            String name = v.path("name").asText("");
            if (v.path("storage").asBoolean(false)) {
                storage++;
            }
            unique &= names.add(name);
            for (String e : Validators.isDNS1035Label(name)) {
                errs.add(FieldError.invalid(vp.child("name").toString(), name, e));
            }
            JsonNode schema = v.path("schema").get("openAPIV3Schema");
            if (schema == null || schema.isNull()) {
                errs.add(FieldError.required(vp.child("schema", "openAPIV3Schema").toString(), ""));
            } else {
                errs.addAll(StructuralRules.validate(schema, vp.child("schema", "openAPIV3Schema"),
                        v.path("subresources").has("status")));
            }
            JsonNode columns = v.path("additionalPrinterColumns");
            for (int c = 0; c < columns.size(); c++) {
                errs.addAll(validateColumn(columns.get(c), vp.child("additionalPrinterColumns").index(c)));
            }
            JsonNode scale = v.path("subresources").get("scale");
            if (scale != null && scale.isObject()) {
                errs.addAll(validateScale(scale, vp.child("subresources", "scale")));
            }
        }
        GoValue rendered = new GoValue("[]apiextensions.CustomResourceDefinitionVersion{...}");
        if (!unique) {
            errs.add(FieldError.invalid(p.toString(), rendered, "must contain unique version names"));
        }
        if (storage != 1) {
            errs.add(FieldError.invalid(p.toString(), rendered, "must have exactly one version marked as storage version"));
        }
        return errs;
    }

    private static List<FieldError> validateNames(JsonNode n, Path p) {
        List<FieldError> errs = new ArrayList<>();
        CrdSpec.Names names = CrdSpec.Names.of(n);
        checkLabel(errs, p.child("plural"), names.plural(), "");
        checkLabel(errs, p.child("singular"), names.singular(), "");
        checkLabel(errs, p.child("kind"), names.kind(), "may have mixed case, but should otherwise match: ");
        checkLabel(errs, p.child("listKind"), names.listKind(), "may have mixed case, but should otherwise match: ");
        for (int i = 0; i < names.shortNames().size(); i++) {
            checkLabel(errs, p.child("shortNames").index(i), names.shortNames().get(i), "");
        }
        if (!names.kind().isEmpty() && names.kind().equals(names.listKind())) {
            errs.add(FieldError.invalid(p.child("listKind").toString(), names.listKind(), "kind and listKind may not be the same"));
        }
        for (int i = 0; i < names.categories().size(); i++) {
            checkLabel(errs, p.child("categories").index(i), names.categories().get(i), "");
        }
        return errs;
    }

    /** Required, then a lower-cased DNS-1035 label (kinds may have mixed case). */
    private static void checkLabel(List<FieldError> errs, Path p, String value, String prefix) {
        if (value.isEmpty()) {
            errs.add(FieldError.required(p.toString(), ""));
            return;
        }
        List<String> problems = Validators.isDNS1035Label(prefix.isEmpty() ? value : value.toLowerCase());
        if (!problems.isEmpty()) {
            errs.add(FieldError.invalid(p.toString(), value, prefix + String.join(",", problems)));
        }
    }

    private static List<FieldError> validateColumn(JsonNode c, Path p) {
        List<FieldError> errs = new ArrayList<>();
        if (c.path("name").asText("").isEmpty()) {
            errs.add(FieldError.required(p.child("name").toString(), ""));
        }
        String type = c.path("type").asText("");
        String types = String.join(",", COLUMN_TYPES);
        if (type.isEmpty()) {
            errs.add(FieldError.required(p.child("type").toString(), "must be one of " + types));
        } else if (!COLUMN_TYPES.contains(type)) {
            errs.add(FieldError.invalid(p.child("type").toString(), type, "must be one of " + types));
        }
        String format = c.path("format").asText("");
        if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
            errs.add(FieldError.invalid(p.child("format").toString(), format, "must be one of " + String.join(",", COLUMN_FORMATS)));
        }
        // Upstream validates the internal type, whose field is named JSONPath.
        String path = c.path("jsonPath").asText("");
        if (path.isEmpty()) {
            errs.add(FieldError.required(p.child("JSONPath").toString(), ""));
        } else {
            errs.addAll(validateJsonPath(path, p.child("JSONPath")));
        }
        return errs;
    }

    private static List<FieldError> validateScale(JsonNode scale, Path p) {
        List<FieldError> errs = new ArrayList<>();
        for (String field : List.of("specReplicasPath", "statusReplicasPath")) {
            String path = scale.path(field).asText("");
            if (path.isEmpty()) {
                errs.add(FieldError.required(p.child(field).toString(), ""));
                continue;
            }
            errs.addAll(validateJsonPath(path, p.child(field)));
            String root = field.startsWith("spec") ? ".spec." : ".status.";
            if (!path.startsWith(root)) {
                errs.add(FieldError.invalid(p.child(field).toString(), path, "should be a json path under " + root));
            }
        }
        if (scale.hasNonNull("labelSelectorPath")) {
            String path = scale.get("labelSelectorPath").asText();
            errs.addAll(validateJsonPath(path, p.child("labelSelectorPath")));
            if (!path.startsWith(".spec.") && !path.startsWith(".status.")) {
                errs.add(FieldError.invalid(p.child("labelSelectorPath").toString(), path, "should be a json path under either .spec or .status"));
            }
        }
        return errs;
    }

    private static List<FieldError> validateJsonPath(String path, Path p) {
        try {
            SimpleJsonPath.parse(path);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(FieldError.invalid(p.toString(), path, "must be a simple json path starting with ."));
        }
    }

    /** Structural schema rules (upstream's schema.ValidateStructural) for what kube4j relies on. */
    static final class StructuralRules {

        private StructuralRules() {
        }

        static List<FieldError> validate(JsonNode schema, Path p, boolean statusSubresource) {
            List<FieldError> errs = new ArrayList<>();
            String type = schema.path("type").asText("");
            if (type.isEmpty()) {
                errs.add(FieldError.required(p.child("type").toString(), "must not be empty at the root"));
            } else if (!type.equals("object")) {
                errs.add(FieldError.invalid(p.child("type").toString(), type, "must be object at the root"));
            }
            if (schema.path("nullable").asBoolean(false)) {
                errs.add(FieldError.forbidden(p.child("nullable").toString(), "nullable cannot be true at the root"));
            }
            JsonNode metadata = schema.path("properties").path("metadata");
            if (metadata.isObject()) {
                for (Map.Entry<String, JsonNode> e : metadata.path("properties").properties()) {
                    if (!e.getKey().equals("name") && !e.getKey().equals("generateName")) {
                        errs.add(FieldError.forbidden(p.child("properties").key("metadata").toString(),
                                "must not specify anything other than name and generateName, but metadata is implicitly specified"));
                        break;
                    }
                }
            }
            walk(schema, p, Context.ROOT, errs);
            return errs;
        }

        private enum Context { ROOT, FIELD, ITEMS }

        private static void walk(JsonNode s, Path p, Context ctx, List<FieldError> errs) {
            String type = s.path("type").asText("");
            boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
            boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (!type.isEmpty() && !TYPES.contains(type)) {
                errs.add(FieldError.notSupported(p.child("type").toString(), type,
                        List.of("array", "boolean", "integer", "number", "object", "string")));
            }
            if (type.isEmpty() && !intOrString && !preserve && ctx != Context.ROOT) {
                errs.add(FieldError.required(p.child("type").toString(), ctx == Context.ITEMS
                        ? "must not be empty for specified array items" : "must not be empty for specified object fields"));
            }
            if (type.equals("array") && !s.has("items")) {
                errs.add(FieldError.required(p.child("items").toString(), "must be specified"));
            }
            if (s.path("x-kubernetes-embedded-resource").asBoolean(false) && !type.equals("object")) {
                errs.add(type.isEmpty()
                        ? FieldError.required(p.child("type").toString(), "must be object if x-kubernetes-embedded-resource is true")
                        : FieldError.invalid(p.child("type").toString(), type, "must be object if x-kubernetes-embedded-resource is true"));
            }
            if (s.has("properties") && s.path("additionalProperties").isObject()) {
                errs.add(FieldError.forbidden(p.child("additionalProperties").toString(), "additionalProperties and properties are mutual exclusive"));
            }
            if (s.has("pattern")) {
                try {
                    java.util.regex.Pattern.compile(s.path("pattern").asText());
                } catch (java.util.regex.PatternSyntaxException e) {
                    errs.add(FieldError.invalid(p.child("pattern").toString(), s.path("pattern").asText(),
                            "must be a valid regular expression, but isn't: " + e.getDescription()));
                }
            }
            if (s.has("x-kubernetes-preserve-unknown-fields") && !preserve) {
                errs.add(FieldError.invalid(p.child("x-kubernetes-preserve-unknown-fields").toString(), false, "must be true or undefined"));
            }
            String listType = s.path("x-kubernetes-list-type").asText("");
            if (!listType.isEmpty() && !List.of("atomic", "set", "map").contains(listType)) {
                errs.add(FieldError.notSupported(p.child("x-kubernetes-list-type").toString(), listType, List.of("atomic", "set", "map")));
            }
            if (listType.equals("map") && s.path("x-kubernetes-list-map-keys").isEmpty()) {
                errs.add(FieldError.required(p.child("x-kubernetes-list-map-keys").toString(), "must not be empty if x-kubernetes-list-type is map"));
            }
            for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
                walk(e.getValue(), p.child("properties").key(e.getKey()), Context.FIELD, errs);
            }
            if (s.path("additionalProperties").isObject()) {
                walk(s.get("additionalProperties"), p.child("additionalProperties"), Context.FIELD, errs);
            }
            if (s.path("items").isObject()) {
                walk(s.get("items"), p.child("items"), Context.ITEMS, errs);
            }
        }
    }
}
