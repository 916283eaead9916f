package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON values as keys and set members: one canonical form per value (so {@code 80} parsed as
 * an int and as a long are equal), upstream's total order across types (numbers, strings,
 * booleans, lists, maps, null) and Go's {@code %v}-like rendering used in paths.
 */
final class JsonValueOrder {

    private JsonValueOrder() {
    }

    static JsonNode canonical(JsonNode v) {
        if (v == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return LongNode.valueOf(v.longValue());
        }
        if (v.isNumber()) {
            return DoubleNode.valueOf(v.doubleValue());
        }
        if (v.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            v.forEach(item -> a.add(canonical(item)));
            return a;
        }
        if (v.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            v.properties().forEach(e -> o.set(e.getKey(), canonical(e.getValue())));
            return o;
        }
        return v;
    }

    private static int rank(JsonNode v) {
        if (v.isNumber()) {
            return 0;
        }
        if (v.isTextual()) {
            return 1;
        }
        if (v.isBoolean()) {
            return 2;
        }
        if (v.isArray()) {
            return 3;
        }
        if (v.isObject()) {
            return 4;
        }
        return 5;
    }

    static int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return a.isIntegralNumber() && b.isIntegralNumber() ? Long.compare(a.longValue(), b.longValue())
                        : Double.compare(a.doubleValue(), b.doubleValue());
            case 1:
                return a.textValue().compareTo(b.textValue());
            case 2:
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3: {
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    int c = compare(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            }
            case 4: {
                Iterator<Map.Entry<String, JsonNode>> ia = sorted(a).entrySet().iterator();
                Iterator<Map.Entry<String, JsonNode>> ib = sorted(b).entrySet().iterator();
                while (ia.hasNext() && ib.hasNext()) {
                    Map.Entry<String, JsonNode> ea = ia.next();
                    Map.Entry<String, JsonNode> eb = ib.next();
                    int c = ea.getKey().compareTo(eb.getKey());
                    if (c == 0) {
                        c = compare(ea.getValue(), eb.getValue());
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            }
            default:
                return 0;
        }
    }

    private static Map<String, JsonNode> sorted(JsonNode o) {
        Map<String, JsonNode> m = new TreeMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** A value as upstream prints it in a path: strings quoted, numbers and booleans bare. */
    static String goString(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.textValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return v.isNull() ? "null" : v.toString();
    }

    /** Equality of JSON values regardless of how numbers were parsed. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return canonical(a).equals(canonical(b));
    }
}
