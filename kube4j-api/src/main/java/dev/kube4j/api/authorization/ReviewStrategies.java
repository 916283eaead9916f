package dev.kube4j.api.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/**
 * The create-only review kinds of authorization.k8s.io and authentication.k8s.io: nothing is
 * stored, the server answers in the status. These strategies validate the request as upstream
 * does (no metadata, exactly one of resource and non-resource attributes, …).
 */
public final class ReviewStrategies {

    private ReviewStrategies() {
    }

    /** What a review checks before the authorizer answers it. */
    public enum Kind { SUBJECT_ACCESS, SELF_SUBJECT_ACCESS, LOCAL_SUBJECT_ACCESS, SELF_SUBJECT_RULES, TOKEN, SELF_SUBJECT }

    /** The strategy of one review kind. */
    public static class ReviewStrategy implements ResourceStrategy {

        private final Kind kind;

        public ReviewStrategy(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        @Override
        public List<FieldError> validate(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode spec = obj(obj, "spec");
            switch (kind) {
                case SUBJECT_ACCESS, LOCAL_SUBJECT_ACCESS -> {
                    errs.addAll(attributes(spec));
                    if (str(spec, "user").isEmpty() && strings(spec, "groups").isEmpty()) {
                        errs.add(FieldError.invalid("spec.user", str(spec, "user"), "at least one of user or group must be specified"));
                    }
                }
                case SELF_SUBJECT_ACCESS -> errs.addAll(attributes(spec));
                default -> {
                }
            }
            if (kind == Kind.LOCAL_SUBJECT_ACCESS) {
                if (!metadataEmpty(obj, true)) {
                    errs.add(FieldError.invalid("metadata", GoValue.struct("v1.ObjectMeta", obj.get("metadata")), "must be empty except for namespace"));
                }
                JsonNode ra = obj(spec, "resourceAttributes");
                String ns = str(obj(obj, "metadata"), "namespace");
                if (ra != null && !str(ra, "namespace").equals(ns)) {
                    errs.add(FieldError.invalid("spec.resourceAttributes.namespace", str(ra, "namespace"), "must match metadata.namespace"));
                }
                if (obj(spec, "nonResourceAttributes") != null) {
                    errs.add(FieldError.invalid("spec.nonResourceAttributes", GoValue.struct("authorization.NonResourceAttributes",
                            obj(spec, "nonResourceAttributes")), "disallowed on this kind of request"));
                }
            } else if ((kind == Kind.SUBJECT_ACCESS || kind == Kind.SELF_SUBJECT_ACCESS) && !metadataEmpty(obj, false)) {
                errs.add(FieldError.invalid("metadata", GoValue.struct("v1.ObjectMeta", obj.get("metadata")), "must be empty"));
            }
            return errs;
        }

        private static List<FieldError> attributes(JsonNode spec) {
            JsonNode ra = obj(spec, "resourceAttributes");
            JsonNode nra = obj(spec, "nonResourceAttributes");
            if (ra != null && nra != null) {
                return List.of(FieldError.invalid("spec.nonResourceAttributes", GoValue.struct("authorization.NonResourceAttributes", nra),
                        "cannot be specified in combination with resourceAttributes"));
            }
            if (ra == null && nra == null) {
                return List.of(FieldError.invalid("spec.resourceAttributes", new GoValue("(*authorization.NonResourceAttributes)(nil)"),
                        "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
            }
            return List.of();
        }

        /** True when metadata holds nothing but zero values (clients send creationTimestamp: null). */
        private static boolean metadataEmpty(ObjectNode obj, boolean allowNamespace) {
            JsonNode meta = obj.get("metadata");
            if (meta == null || !meta.isObject()) {
                return true;
            }
            for (Map.Entry<String, JsonNode> e : meta.properties()) {
                JsonNode v = e.getValue();
                boolean zero = v.isNull() || (v.isContainerNode() && v.isEmpty()) || (v.isTextual() && v.asText().isEmpty());
                if (!zero && !e.getKey().equals("managedFields") && !(allowNamespace && e.getKey().equals("namespace"))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<TableColumn> columns() {
            return Tables.defaultColumns();
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            return Tables.defaultCells(obj);
        }
    }
}
