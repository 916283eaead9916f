package dev.kube4j.apiserver.registry;

import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.selector.FieldSelector;
import dev.kube4j.apimachinery.selector.LabelSelector;
import dev.kube4j.apiserver.watch.CachedObject;

import java.util.Set;

/** Label and field selectors of a list or watch, checked against cached objects. */
public final class ObjectFilter {

    private final LabelSelector labels;
    private final FieldSelector fields;
    private final ApiResource resource;

    private ObjectFilter(LabelSelector labels, FieldSelector fields, ApiResource resource) {
        this.labels = labels;
        this.fields = fields;
        this.resource = resource;
    }

    /** Parses both selectors, failing with upstream's 400 messages. */
    public static ObjectFilter of(ApiResource resource, String labelSelector, String fieldSelector) {
        LabelSelector labels = null;
        FieldSelector fields = null;
        if (labelSelector != null && !labelSelector.isBlank()) {
            try {
                labels = LabelSelector.parse(labelSelector);
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                throw ApiException.badRequest("unable to parse requirement: " + e.getMessage());
            }
        }
        if (fieldSelector != null && !fieldSelector.isBlank()) {
            try {
                fields = FieldSelector.parse(fieldSelector);
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            Set<String> allowed = resource.strategy().selectableFields();
            for (String field : fields.requirements().stream().map(FieldSelector.Requirement::field).toList()) {
                if (!field.equals("metadata.name") && !field.equals("metadata.namespace") && !allowed.contains(field)) {
                    throw ApiException.badRequest("field label not supported: " + field);
                }
            }
        }
        return new ObjectFilter(labels, fields, resource);
    }

    public boolean isEverything() {
        return labels == null && fields == null;
    }

    public boolean matches(CachedObject o) {
        if (labels != null && !labels.matches(o.labels())) {
            return false;
        }
        if (fields != null) {
            return fields.matches(field -> o.field(field, scannable(field), obj -> switch (field) {
                case "metadata.name" -> obj.path("metadata").path("name").asText("");
                case "metadata.namespace" -> obj.path("metadata").path("namespace").asText("");
                default -> resource.strategy().fieldValue(obj, field);
            }));
        }
        return true;
    }

    private static final String[] NAME = {"metadata", "name"};
    private static final String[] NAMESPACE = {"metadata", "namespace"};
    private static final String[] NODE_NAME = {"spec", "nodeName"};

    /**
     * The member path of a field whose value is that member's text, so that it can be read from
     * the bytes without parsing the object; null for fields a kind computes. A pod's
     * {@code spec.nodeName} is one: every node agent watches by it (upstream's watch cache indexes
     * it for the same reason).
     */
    private String[] scannable(String field) {
        return switch (field) {
            case "metadata.name" -> NAME;
            case "metadata.namespace" -> NAMESPACE;
            case "spec.nodeName" -> resource.group().isEmpty() && resource.plural().equals("pods") ? NODE_NAME : null;
            default -> null;
        };
    }
}
