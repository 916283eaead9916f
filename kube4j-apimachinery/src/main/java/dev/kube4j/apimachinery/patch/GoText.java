package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Renders JSON values as Go's {@code %v} does for decoded JSON, so error messages read as upstream's. */
final class GoText {

    private GoText() {
    }

    static String value(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        append(sb, n);
        return sb.toString();
    }

    static String list(List<JsonNode> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            append(sb, items.get(i));
        }
        return sb.append(']').toString();
    }

    private static void append(StringBuilder sb, JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            sb.append("<nil>");
        } else if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            sb.append("map[");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(keys.get(i)).append(':');
                append(sb, n.get(keys.get(i)));
            }
            sb.append(']');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                append(sb, n.get(i));
            }
            sb.append(']');
        } else if (n.isTextual()) {
            sb.append(n.textValue());
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue());
        } else if (n.isNumber()) {
            sb.append(floatText(n.doubleValue()));
        } else {
            sb.append(n.asText());
        }
    }

    /** Go's %v of a float64: shortest representation, exponent form below 1e-4 and from 1e21. */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs < 1e-4 || abs >= 1e21) {
            String digits = bd.unscaledValue().abs().toString();
            int exp = digits.length() - 1 - bd.scale();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return bd.toPlainString();
    }

    /** Go's reflect type name of a decoded JSON value, as in {@code expected a X, but received a Y}. */
    static String typeName(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "%!s(<nil>)";
        }
        if (n.isObject()) {
            return "map[string]interface {}";
        }
        if (n.isArray()) {
            return "[]interface {}";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isIntegralNumber()) {
            return "int64";
        }
        if (n.isNumber()) {
            return "float64";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "interface {}";
    }

    /** Go's json error for a value of the wrong JSON type, e.g. {@code json: cannot unmarshal object into Go value of type X}. */
    static String unmarshalError(JsonNode n, String goType) {
        return "json: cannot unmarshal " + jsonKind(n) + " into Go value of type " + goType;
    }

    static String jsonKind(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "null";
    }
}
