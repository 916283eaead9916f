package dev.kube4j.api.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * One metric spec or status between v2's shape (metric identifier + target/current) and the flat
 * shape autoscaling/v1 keeps in its annotations (targetAverageValue, currentValue, …). Each source
 * type is a table of v1 field ↔ v2 path pairs, read one way or the other.
 */
final class Metrics {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A v1 field and the v2 path ("metric.name") holding the same value. */
    private record Pair(String v1, String v2) {
    }

    private static final List<Pair> RESOURCE_SPEC = List.of(new Pair("name", "name"), new Pair("container", "container"),
            new Pair("targetAverageUtilization", "target.averageUtilization"), new Pair("targetAverageValue", "target.averageValue"));
    private static final Map<String, List<Pair>> SPECS = Map.of(
            "Resource", RESOURCE_SPEC,
            "ContainerResource", RESOURCE_SPEC,
            "Pods", List.of(new Pair("metricName", "metric.name"), new Pair("selector", "metric.selector"),
                    new Pair("targetAverageValue", "target.averageValue")),
            "Object", List.of(new Pair("target", "describedObject"), new Pair("metricName", "metric.name"),
                    new Pair("selector", "metric.selector"), new Pair("targetValue", "target.value"),
                    new Pair("averageValue", "target.averageValue")),
            "External", List.of(new Pair("metricName", "metric.name"), new Pair("metricSelector", "metric.selector"),
                    new Pair("targetValue", "target.value"), new Pair("targetAverageValue", "target.averageValue")));

    private static final List<Pair> RESOURCE_STATUS = List.of(new Pair("name", "name"), new Pair("container", "container"),
            new Pair("currentAverageUtilization", "current.averageUtilization"), new Pair("currentAverageValue", "current.averageValue"));
    private static final Map<String, List<Pair>> STATUSES = Map.of(
            "Resource", RESOURCE_STATUS,
            "ContainerResource", RESOURCE_STATUS,
            "Pods", List.of(new Pair("metricName", "metric.name"), new Pair("selector", "metric.selector"),
                    new Pair("currentAverageValue", "current.averageValue")),
            "Object", List.of(new Pair("target", "describedObject"), new Pair("metricName", "metric.name"),
                    new Pair("selector", "metric.selector"), new Pair("currentValue", "current.value"),
                    new Pair("averageValue", "current.averageValue")),
            "External", List.of(new Pair("metricName", "metric.name"), new Pair("metricSelector", "metric.selector"),
                    new Pair("currentValue", "current.value"), new Pair("currentAverageValue", "current.averageValue")));

    private Metrics() {
    }

    static ObjectNode specToV1(JsonNode m) {
        return convert(m, SPECS, true);
    }

    static ObjectNode specToV2(JsonNode m) {
        ObjectNode out = convert(m, SPECS, false);
        if (out.path(field(str(m, "type"))).get("target") instanceof ObjectNode target) {
            // v2 names the kind of target; v1 implies it by which field is set.
            String type = target.has("averageUtilization") ? "Utilization" : target.has("value") ? "Value" : "AverageValue";
            ObjectNode typed = F.objectNode().put("type", type);
            typed.setAll(target);
            ((ObjectNode) out.get(field(str(m, "type")))).set("target", typed);
        }
        return out;
    }

    static ObjectNode statusToV1(JsonNode m) {
        return convert(m, STATUSES, true);
    }

    static ObjectNode statusToV2(JsonNode m) {
        return convert(m, STATUSES, false);
    }

    private static ObjectNode convert(JsonNode m, Map<String, List<Pair>> tables, boolean toV1) {
        String type = str(m, "type");
        ObjectNode out = F.objectNode().put("type", type);
        String field = field(type);
        JsonNode src = m == null ? null : m.get(field);
        List<Pair> pairs = tables.get(type);
        if (src == null || !src.isObject() || pairs == null) {
            if (src != null) {
                out.set(field, src.deepCopy()); // an unknown source type passes unchanged
            }
            return out;
        }
        ObjectNode dst = out.putObject(field);
        for (Pair p : pairs) {
            JsonNode v = toV1 ? at(src, p.v2()) : src.get(p.v1());
            if (v != null && !v.isNull()) {
                if (toV1) {
                    dst.set(p.v1(), v.deepCopy());
                } else {
                    put(dst, p.v2(), v.deepCopy());
                }
            }
        }
        return out;
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private static void put(ObjectNode node, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode n = node;
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.get(parts[i]) instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], value);
    }

    private static String field(String type) {
        return type.isEmpty() ? "unknown" : Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }
}
