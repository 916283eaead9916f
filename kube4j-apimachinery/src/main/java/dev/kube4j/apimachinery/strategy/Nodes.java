package dev.kube4j.apimachinery.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape-tolerant accessors for JSON trees: a field of the wrong type reads as absent, never as an
 * exception, so that odd client input yields validation errors rather than crashes.
 */
public final class Nodes {

    private Nodes() {
    }

    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The child object, or null when missing or not an object. */
    public static ObjectNode obj(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        return n instanceof ObjectNode o ? o : null;
    }

    /** The child object, created when missing; null when present with another type (left untouched). */
    public static ObjectNode objOrCreate(ObjectNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return parent.putObject(field);
        }
        return n instanceof ObjectNode o ? o : null;
    }

    /** The child array, or null when missing or not an array. */
    public static ArrayNode arr(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        return n instanceof ArrayNode a ? a : null;
    }

    /** The objects of a child array (non-object elements skipped). */
    public static List<ObjectNode> objects(JsonNode parent, String field) {
        ArrayNode a = arr(parent, field);
        List<ObjectNode> out = new ArrayList<>();
        if (a != null) {
            for (JsonNode n : a) {
                if (n instanceof ObjectNode o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** The elements of a child array, each (index, node), including non-objects. */
    public static List<JsonNode> elements(JsonNode parent, String field) {
        ArrayNode a = arr(parent, field);
        List<JsonNode> out = new ArrayList<>();
        if (a != null) {
            a.forEach(out::add);
        }
        return out;
    }

    /** A string field, or "" when missing or not textual. */
    public static String str(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        return n != null && n.isTextual() ? n.asText() : "";
    }

    /** A string field, or null when missing or not textual. */
    public static String strOrNull(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    public static boolean has(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        return n != null && !n.isNull();
    }

    /** An integral field, or null when missing or not an integral number. */
    public static Long lng(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        if (n == null || !n.isNumber()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        double d = n.asDouble();
        return d == Math.rint(d) ? (long) d : null;
    }

    public static long lng(JsonNode parent, String field, long dflt) {
        Long v = lng(parent, field);
        return v == null ? dflt : v;
    }

    /** A boolean field, or null when missing or not boolean. */
    public static Boolean bool(JsonNode parent, String field) {
        JsonNode n = parent == null || !parent.isObject() ? null : parent.get(field);
        return n != null && n.isBoolean() ? n.asBoolean() : null;
    }

    public static boolean isTrue(JsonNode parent, String field) {
        return Boolean.TRUE.equals(bool(parent, field));
    }

    /** Walks a dotted path of objects. */
    public static ObjectNode path(JsonNode root, String... fields) {
        JsonNode n = root;
        for (String f : fields) {
            n = obj(n, f);
            if (n == null) {
                return null;
            }
        }
        return n instanceof ObjectNode o ? o : null;
    }

    /** A map[string]string field (entries with non-textual values read as their text). */
    public static Map<String, String> stringMap(JsonNode parent, String field) {
        ObjectNode o = obj(parent, field);
        if (o == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            m.put(e.getKey(), v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
        }
        return m;
    }

    /** The strings of a []string field (non-textual elements skipped). */
    public static List<String> strings(JsonNode parent, String field) {
        List<String> out = new ArrayList<>();
        ArrayNode a = arr(parent, field);
        if (a != null) {
            for (JsonNode n : a) {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            }
        }
        return out;
    }

    /** Sets a field when missing or null. */
    public static void putIfAbsent(ObjectNode o, String field, String value) {
        if (o != null && (o.get(field) == null || o.get(field).isNull())) {
            o.put(field, value);
        }
    }

    public static void putIfAbsent(ObjectNode o, String field, long value) {
        if (o != null && (o.get(field) == null || o.get(field).isNull())) {
            o.put(field, value);
        }
    }

    public static void putIfAbsent(ObjectNode o, String field, boolean value) {
        if (o != null && (o.get(field) == null || o.get(field).isNull())) {
            o.put(field, value);
        }
    }

    /** Sets a string field when missing, null or "". */
    public static void putIfEmpty(ObjectNode o, String field, String value) {
        if (o != null && (o.get(field) == null || o.get(field).isNull() || (o.get(field).isTextual() && o.get(field).asText().isEmpty()))) {
            o.put(field, value);
        }
    }

    /** Scalar text of any node for display ("" for null/containers). */
    public static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? "" : n.asText();
    }
}
