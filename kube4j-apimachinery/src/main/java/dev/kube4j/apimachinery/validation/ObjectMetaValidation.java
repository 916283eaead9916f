package dev.kube4j.apimachinery.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.arr;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * Validation of {@code metadata}, of labels, annotations, finalizers, owner references and label
 * selectors, with upstream's messages (apimachinery {@code pkg/api/validation/objectmeta.go},
 * {@code pkg/apis/meta/v1/validation}, and core's finalizer-name rule).
 */
public final class ObjectMetaValidation {

    private ObjectMetaValidation() {
    }

    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
    public static final String FIELD_IMMUTABLE = "field is immutable";
    public static final String IS_NEGATIVE = "must be greater than or equal to 0";
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    /** Validates the {@code metadata} of a new object. */
    public static List<FieldError> validateObjectMeta(JsonNode objOrMeta, boolean requiresNamespace, NameValidator nameFn) {
        JsonNode meta = objOrMeta != null && objOrMeta.has("metadata") ? objOrMeta.get("metadata") : null;
        return validateMeta(meta, requiresNamespace, nameFn, Path.of("metadata"));
    }

    /** Validates a metadata node at the given path. */
    public static List<FieldError> validateMeta(JsonNode meta, boolean requiresNamespace, NameValidator nameFn, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.toString(), meta, "must be of type object"));
            meta = null;
        }
        String generateName = str(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String msg : nameFn.validate(generateName, true)) {
                errs.add(FieldError.invalid(path.child("generateName").toString(), generateName, msg));
            }
        }
        String name = str(meta, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(path.child("name").toString(), "name or generateName is required"));
        } else {
            for (String msg : nameFn.validate(name, false)) {
                errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
            }
        }
        String namespace = str(meta, "namespace");
        if (requiresNamespace) {
            if (namespace.isEmpty()) {
                errs.add(FieldError.required(path.child("namespace").toString(), ""));
            } else {
                for (String msg : NameValidator.DNS_LABEL.validate(namespace, false)) {
                    errs.add(FieldError.invalid(path.child("namespace").toString(), namespace, msg));
                }
            }
        } else if (!namespace.isEmpty()) {
            errs.add(FieldError.forbidden(path.child("namespace").toString(), "not allowed on this type"));
        }
        JsonNode gen = meta == null ? null : meta.get("generation");
        if (gen != null && gen.isNumber() && gen.asLong() < 0) {
            errs.add(FieldError.invalid(path.child("generation").toString(), gen.asLong(), IS_NEGATIVE));
        }
        errs.addAll(validateLabels(meta == null ? null : meta.get("labels"), path.child("labels")));
        errs.addAll(validateAnnotations(meta == null ? null : meta.get("annotations"), path.child("annotations")));
        errs.addAll(validateOwnerReferences(meta == null ? null : meta.get("ownerReferences"), path.child("ownerReferences")));
        errs.addAll(validateFinalizers(meta == null ? null : meta.get("finalizers"), path.child("finalizers")));
        return errs;
    }

    /** Validates the metadata of an update against the stored object. */
    public static List<FieldError> validateObjectMetaUpdate(JsonNode newObj, JsonNode oldObj) {
        JsonNode n = obj(newObj, "metadata");
        JsonNode o = obj(oldObj, "metadata");
        Path path = Path.of("metadata");
        List<FieldError> errs = new ArrayList<>();
        if (o != null && o.hasNonNull("deletionTimestamp")) {
            Set<String> extra = new java.util.TreeSet<>(stringList(n == null ? null : n.get("finalizers")));
            extra.removeAll(stringList(o.get("finalizers")));
            if (!extra.isEmpty()) {
                List<String> q = extra.stream().map(GoValue::quote).toList();
                errs.add(FieldError.forbidden(path.child("finalizers").toString(),
                        "no new finalizers can be added if the object is being deleted, found new finalizers []string{" + String.join(", ", q) + "}"));
            }
        }
        immutable(errs, str(n, "name"), str(o, "name"), path.child("name"));
        immutable(errs, str(n, "namespace"), str(o, "namespace"), path.child("namespace"));
        String uid = str(n, "uid");
        if (!uid.isEmpty()) {
            immutable(errs, uid, str(o, "uid"), path.child("uid"));
        }
        errs.addAll(validateLabels(n == null ? null : n.get("labels"), path.child("labels")));
        errs.addAll(validateAnnotations(n == null ? null : n.get("annotations"), path.child("annotations")));
        errs.addAll(validateOwnerReferences(n == null ? null : n.get("ownerReferences"), path.child("ownerReferences")));
        errs.addAll(validateFinalizers(n == null ? null : n.get("finalizers"), path.child("finalizers")));
        return errs;
    }

    private static void immutable(List<FieldError> errs, String newVal, String oldVal, Path path) {
        if (!newVal.equals(oldVal)) {
            errs.add(FieldError.invalid(path.toString(), newVal, FIELD_IMMUTABLE));
        }
    }

    /** An "Invalid value: ...: field is immutable" error when the two JSON values differ. */
    public static List<FieldError> validateImmutable(JsonNode newVal, JsonNode oldVal, Path path, Object rendered) {
        if (semanticEquals(newVal, oldVal)) {
            return List.of();
        }
        return List.of(FieldError.invalid(path.toString(), rendered, FIELD_IMMUTABLE));
    }

    /** JSON equality treating null, missing and empty containers alike. */
    public static boolean semanticEquals(JsonNode a, JsonNode b) {
        boolean aEmpty = a == null || a.isNull() || (a.isContainerNode() && a.isEmpty());
        boolean bEmpty = b == null || b.isNull() || (b.isContainerNode() && b.isEmpty());
        if (aEmpty || bEmpty) {
            return aEmpty && bEmpty;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!semanticEquals(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!semanticEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    public static List<FieldError> validateLabels(JsonNode labels, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (labels == null || labels.isNull()) {
            return errs;
        }
        if (!labels.isObject()) {
            errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.toString(), labels, "must be of type object"));
            return errs;
        }
        Iterator<Map.Entry<String, JsonNode>> it = labels.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            errs.addAll(validateLabelName(e.getKey(), path));
            JsonNode v = e.getValue();
            if (v != null && !v.isTextual() && !v.isNull()) {
                errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.key(e.getKey()).toString(), v, "must be of type string"));
                continue;
            }
            String value = v == null || v.isNull() ? "" : v.asText();
            for (String msg : Validators.isValidLabelValue(value)) {
                errs.add(FieldError.invalid(path.toString(), value, msg));
            }
        }
        return errs;
    }

    public static List<FieldError> validateLabelName(String name, Path path) {
        List<FieldError> errs = new ArrayList<>();
        for (String msg : Validators.isQualifiedName(name)) {
            errs.add(FieldError.invalid(path.toString(), name, msg));
        }
        return errs;
    }

    public static List<FieldError> validateAnnotations(JsonNode annotations, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (annotations == null || annotations.isNull()) {
            return errs;
        }
        if (!annotations.isObject()) {
            errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.toString(), annotations, "must be of type object"));
            return errs;
        }
        long total = 0;
        Iterator<Map.Entry<String, JsonNode>> it = annotations.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            for (String msg : Validators.isQualifiedName(e.getKey().toLowerCase())) {
                errs.add(FieldError.invalid(path.toString(), e.getKey(), msg));
            }
            JsonNode v = e.getValue();
            if (v != null && !v.isTextual() && !v.isNull()) {
                errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.key(e.getKey()).toString(), v, "must be of type string"));
            }
            total += Validators.byteLength(e.getKey()) + (v == null ? 0 : Validators.byteLength(v.isValueNode() ? v.asText() : v.toString()));
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        }
        return errs;
    }

    /** Upstream's field.TooLong as of 1.33 ("may not be more than N bytes"). */
    public static FieldError tooLong(Path path, int max) {
        return new FieldError(FieldError.Type.TOO_LONG, path.toString(), null, "may not be more than " + max + " bytes");
    }

    public static List<FieldError> validateOwnerReferences(JsonNode refs, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (refs == null || refs.isNull()) {
            return errs;
        }
        if (!refs.isArray()) {
            errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.toString(), refs, "must be of type array"));
            return errs;
        }
        String firstController = "";
        for (JsonNode ref : refs) {
            String apiVersion = str(ref, "apiVersion");
            String kind = str(ref, "kind");
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (version.isEmpty()) {
                errs.add(FieldError.invalid(path.child("apiVersion").toString(), apiVersion, "version must not be empty"));
            }
            if (kind.isEmpty()) {
                errs.add(FieldError.invalid(path.child("kind").toString(), kind, "kind must not be empty"));
            }
            if (str(ref, "name").isEmpty()) {
                errs.add(FieldError.invalid(path.child("name").toString(), "", "name must not be empty"));
            }
            if (str(ref, "uid").isEmpty()) {
                errs.add(FieldError.invalid(path.child("uid").toString(), "", "uid must not be empty"));
            }
            if (group.isEmpty() && version.equals("v1") && kind.equals("Event")) {
                errs.add(FieldError.invalid(path.toString(), GoValue.struct("v1.OwnerReference", ref),
                        "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (ref.isObject() && ref.path("controller").asBoolean(false)) {
                String cur = kind + "/" + str(ref, "name");
                if (!firstController.isEmpty()) {
                    errs.add(FieldError.invalid(path.toString(), GoValue.struct("[]v1.OwnerReference", refs),
                            "Only one reference can have Controller set to true. Found \"true\" in references for " + firstController + " and " + cur));
                } else {
                    firstController = cur;
                }
            }
        }
        return errs;
    }

    public static List<FieldError> validateFinalizers(JsonNode finalizers, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (finalizers == null || finalizers.isNull()) {
            return errs;
        }
        if (!finalizers.isArray()) {
            errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.toString(), finalizers, "must be of type array"));
            return errs;
        }
        boolean orphan = false;
        boolean foreground = false;
        for (JsonNode f : finalizers) {
            String name = f.isTextual() ? f.asText() : f.toString();
            for (String msg : Validators.isQualifiedName(name)) {
                errs.add(FieldError.invalid(path.toString(), name, msg));
            }
            orphan |= name.equals("orphan");
            foreground |= name.equals("foregroundDeletion");
        }
        if (orphan && foreground) {
            errs.add(FieldError.invalid(path.toString(), GoValue.stringSlice(finalizers),
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        for (int i = 0; i < finalizers.size(); i++) {
            JsonNode f = finalizers.get(i);
            String name = f.isTextual() ? f.asText() : f.toString();
            errs.addAll(validateKubeFinalizerName(name, path.index(i)));
        }
        return errs;
    }

    /** Core's rule for finalizer names without a '/'. */
    public static List<FieldError> validateKubeFinalizerName(String name, Path path) {
        if (!name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
            return List.of(FieldError.invalid(path.toString(), name, "name is neither a standard finalizer name nor is it fully qualified"));
        }
        return List.of();
    }

    /** Upstream's ValidateLabelSelector. */
    public static List<FieldError> validateLabelSelector(JsonNode selector, Path path, boolean allowInvalidLabelValue) {
        List<FieldError> errs = new ArrayList<>();
        if (selector == null || selector.isNull()) {
            return errs;
        }
        if (!selector.isObject()) {
            errs.add(new FieldError(FieldError.Type.TYPE_INVALID, path.toString(), selector, "must be of type object"));
            return errs;
        }
        errs.addAll(validateLabels(selector.get("matchLabels"), path.child("matchLabels")));
        JsonNode exprs = arr(selector, "matchExpressions");
        if (exprs != null) {
            for (int i = 0; i < exprs.size(); i++) {
                JsonNode r = exprs.get(i);
                Path rp = path.child("matchExpressions").index(i);
                String op = str(r, "operator");
                JsonNode values = arr(r, "values");
                int n = values == null ? 0 : values.size();
                switch (op) {
                    case "In", "NotIn" -> {
                        if (n == 0) {
                            errs.add(FieldError.required(rp.child("values").toString(), "must be specified when `operator` is 'In' or 'NotIn'"));
                        }
                    }
                    case "Exists", "DoesNotExist" -> {
                        if (n > 0) {
                            errs.add(FieldError.forbidden(rp.child("values").toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                        }
                    }
                    default -> errs.add(FieldError.invalid(rp.child("operator").toString(), op, "not a valid selector operator"));
                }
                errs.addAll(validateLabelName(str(r, "key"), rp.child("key")));
                if (!allowInvalidLabelValue && values != null) {
                    for (int j = 0; j < values.size(); j++) {
                        String v = values.get(j).asText();
                        for (String msg : Validators.isValidLabelValue(v)) {
                            errs.add(FieldError.invalid(rp.child("values").index(j).toString(), v, msg));
                        }
                    }
                }
            }
        }
        return errs;
    }

    /** Non-negative integer check with upstream's message. */
    public static List<FieldError> validateNonnegative(Long value, Path path) {
        if (value != null && value < 0) {
            return List.of(FieldError.invalid(path.toString(), value, IS_NEGATIVE));
        }
        return List.of();
    }

    private static List<String> stringList(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    /** The object's metadata as an ObjectNode, or null. */
    public static ObjectNode metadata(JsonNode o) {
        return obj(o, "metadata");
    }
}
