package dev.kube4j.apimachinery.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A value rendered the way Go's {@code %#v} prints it inside upstream's field errors, e.g.
 * {@code map[string]string{"app":"web"}} or
 * {@code v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}.
 * {@link FieldError} prints it with {@code toString()}.
 */
public record GoValue(String rendered) {

    @Override
    public String toString() {
        return rendered;
    }

    /** Go's strconv.Quote. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** A map[string]string from a JSON object (null or non-object renders as nil). */
    public static GoValue stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new GoValue("map[string]string(nil)");
        }
        Map<String, String> m = new TreeMap<>();
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return stringMap(m);
    }

    public static GoValue stringMap(Map<String, String> map) {
        if (map == null) {
            return new GoValue("map[string]string(nil)");
        }
        return new GoValue("map[string]string" + mapBody(map));
    }

    private static String mapBody(Map<String, String> map) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(map).forEach((k, v) -> parts.add(quote(k) + ":" + quote(v)));
        return "{" + String.join(", ", parts) + "}";
    }

    /** A []string from a JSON array (null renders as nil). */
    public static GoValue stringSlice(JsonNode node) {
        if (node == null || !node.isArray()) {
            return new GoValue("[]string(nil)");
        }
        List<String> parts = new ArrayList<>();
        node.forEach(n -> parts.add(quote(n.isValueNode() ? n.asText() : n.toString())));
        return new GoValue("[]string{" + String.join(", ", parts) + "}");
    }

    /** A []int32 from a JSON array: {@code []int32{1, 2}}, {@code []int32{}} when empty, {@code []int32(nil)} when missing. */
    public static GoValue int32Slice(JsonNode node) {
        if (node == null || !node.isArray()) {
            return new GoValue("[]int32(nil)");
        }
        List<String> parts = new ArrayList<>();
        node.forEach(n -> parts.add(n.isNumber() ? String.valueOf(n.asLong()) : "0"));
        return new GoValue("[]int32{" + String.join(", ", parts) + "}");
    }

    /** A v1.LabelSelector value (pointer dereferenced) from its JSON form. */
    public static GoValue labelSelector(JsonNode selector) {
        if (selector == null || selector.isNull()) {
            return new GoValue("null");
        }
        String ml = stringMap(selector.get("matchLabels")).rendered();
        JsonNode me = selector.get("matchExpressions");
        String mes;
        if (me == null || !me.isArray()) {
            mes = "[]v1.LabelSelectorRequirement(nil)";
        } else {
            List<String> reqs = new ArrayList<>();
            for (JsonNode r : me) {
                reqs.add("v1.LabelSelectorRequirement{Key:" + quote(text(r, "key")) + ", Operator:" + quote(text(r, "operator"))
                        + ", Values:" + stringSlice(r == null ? null : r.get("values")).rendered() + "}");
            }
            mes = "[]v1.LabelSelectorRequirement{" + String.join(", ", reqs) + "}";
        }
        return new GoValue("v1.LabelSelector{MatchLabels:" + ml + ", MatchExpressions:" + mes + "}");
    }

    /** An intstr.IntOrString value from its JSON form (number or string). */
    public static GoValue intOrString(JsonNode node) {
        if (node != null && node.isTextual()) {
            return new GoValue("intstr.IntOrString{Type:1, IntVal:0, StrVal:" + quote(node.asText()) + "}");
        }
        long v = node != null && node.isNumber() ? node.asLong() : 0;
        return new GoValue("intstr.IntOrString{Type:0, IntVal:" + v + ", StrVal:\"\"}");
    }

    /**
     * A best-effort rendering of an arbitrary struct in Go syntax, used where upstream prints whole
     * structs (e.g. {@code spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable}).
     */
    public static GoValue struct(String typeName, JsonNode node) {
        return new GoValue(typeName + renderStruct(node));
    }

    private static String renderStruct(JsonNode node) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject()) {
            return "{" + node + "}";
        }
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey().isEmpty() ? e.getKey() : Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1);
            parts.add(k + ":" + renderAny(e.getValue()));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static String renderAny(JsonNode v) {
        if (v == null || v.isNull()) {
            return "nil";
        }
        if (v.isTextual()) {
            return quote(v.asText());
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(renderAny(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        return renderStruct(v);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }
}
