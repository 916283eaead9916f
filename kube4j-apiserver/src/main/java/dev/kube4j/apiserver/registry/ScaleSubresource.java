package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.apiextensions.CrdSpec;
import dev.kube4j.api.apiextensions.CustomResourceStrategy;
import dev.kube4j.api.apiextensions.SimpleJsonPath;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.FieldError;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code scale} subresource: an autoscaling/v1 Scale view of a workload's replicas, so
 * {@code kubectl scale} and autoscalers work the same on every scalable kind.
 */
public final class ScaleSubresource {

    private ScaleSubresource() {
    }

    /** The Scale of an object; a custom resource's replicas and selector come from its CRD's paths. */
    public static ObjectNode toScale(ApiResource r, ObjectNode obj) {
        ObjectNode scale = toScale(obj);
        if (r.strategy() instanceof CustomResourceStrategy cr && cr.version().scale() != null) {
            CrdSpec.ScalePaths paths = cr.version().scale();
            scale.with("spec").put("replicas", SimpleJsonPath.parse(paths.specReplicasPath()).first(obj) instanceof JsonNode n ? n.asInt(0) : 0);
            ObjectNode status = scale.putObject("status");
            status.put("replicas", SimpleJsonPath.parse(paths.statusReplicasPath()).first(obj) instanceof JsonNode n ? n.asInt(0) : 0);
            JsonNode selector = paths.labelSelectorPath() == null ? null : SimpleJsonPath.parse(paths.labelSelectorPath()).first(obj);
            if (selector != null && selector.isTextual() && !selector.asText().isEmpty()) {
                status.put("selector", selector.asText());
            }
        }
        return scale;
    }

    static ObjectNode toScale(ObjectNode obj) {
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        String selector = selectorString(obj.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** Writes a Scale's desired replicas into the workload; other Scale fields are ignored. */
    public static ObjectNode applyScale(ApiResource r, ObjectNode workload, ObjectNode scale) {
        JsonNode replicas = scale.path("spec").path("replicas");
        String name = workload.path("metadata").path("name").asText();
        if (!replicas.isMissingNode() && !replicas.isIntegralNumber()) {
            throw ApiException.invalid("autoscaling", "Scale", name,
                    List.of(FieldError.invalid("spec.replicas", replicas, "must be an integer")));
        }
        int n = replicas.isMissingNode() ? 0 : replicas.asInt();
        if (n < 0) {
            throw ApiException.invalid("autoscaling", "Scale", name,
                    List.of(FieldError.invalid("spec.replicas", n, "must be greater than or equal to 0")));
        }
        String rv = scale.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(workload.path("metadata").path("resourceVersion").asText())) {
            throw ApiException.modified(r.group(), r.plural(), name);
        }
        if (r.strategy() instanceof CustomResourceStrategy cr && cr.version().scale() != null) {
            setPath(workload, SimpleJsonPath.parse(cr.version().scale().specReplicasPath()).fieldNames(), n);
            return workload;
        }
        workload.with("spec").put("replicas", n);
        return workload;
    }

    /** Sets a field path ({@code spec.size}), creating the objects on the way. */
    private static void setPath(ObjectNode obj, List<String> fields, int value) {
        if (fields == null || fields.isEmpty()) {
            throw ApiException.badRequest("the scale subresource's specReplicasPath is not a plain field path");
        }
        ObjectNode node = obj;
        for (String f : fields.subList(0, fields.size() - 1)) {
            node = node.with(f);
        }
        node.put(fields.get(fields.size() - 1), value);
    }

    /** A label selector in its string form: RC maps and metav1.LabelSelector objects. */
    static String selectorString(JsonNode selector) {
        if (!selector.isObject()) {
            return "";
        }
        if (!selector.has("matchLabels") && !selector.has("matchExpressions")) {
            return toPairs(selector); // ReplicationController: a plain map
        }
        StringBuilder s = new StringBuilder(toPairs(selector.path("matchLabels")));
        for (JsonNode e : selector.path("matchExpressions")) {
            if (!s.isEmpty()) {
                s.append(',');
            }
            String key = e.path("key").asText();
            List<String> values = new java.util.ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            java.util.Collections.sort(values);
            switch (e.path("operator").asText()) {
                case "In" -> s.append(key).append(" in (").append(String.join(",", values)).append(')');
                case "NotIn" -> s.append(key).append(" notin (").append(String.join(",", values)).append(')');
                case "Exists" -> s.append(key);
                case "DoesNotExist" -> s.append('!').append(key);
                default -> { }
            }
        }
        return s.toString();
    }

    private static String toPairs(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
