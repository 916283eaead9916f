package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Equality of decoded JSON values as the Go patch libraries see it. */
final class JsonValues {

    private JsonValues() {
    }

    static boolean isNil(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /**
     * Structural equality: null equals null, integers compare by value, floats by value, an
     * integer never equals a float (Go decodes them to int64 and float64), objects ignore order.
     */
    static boolean equal(JsonNode a, JsonNode b) {
        if (isNil(a) || isNil(b)) {
            return isNil(a) && isNil(b);
        }
        if (a.isObject()) {
            if (!b.isObject() || a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (!b.isArray() || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isIntegralNumber()) {
            return b.isIntegralNumber() && a.bigIntegerValue().equals(b.bigIntegerValue());
        }
        if (a.isNumber()) {
            return b.isNumber() && !b.isIntegralNumber() && a.doubleValue() == b.doubleValue();
        }
        if (a.isTextual()) {
            return b.isTextual() && a.textValue().equals(b.textValue());
        }
        if (a.isBoolean()) {
            return b.isBoolean() && a.booleanValue() == b.booleanValue();
        }
        return a.equals(b);
    }
}
