package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One node of a CRD's {@code openAPIV3Schema}, parsed once for validation, pruning and defaulting:
 * the subset of JSONSchemaProps that structural schemas allow, plus the Kubernetes extensions.
 *
 * @param additionalProperties the schema of map values, or null (absent or {@code false})
 * @param anyAdditional        {@code additionalProperties: true}: any value kept
 * @param pattern              the compiled {@code pattern}, or null (absent or not a valid regex)
 */
public record StructuralSchema(
        String type,
        String format,
        String description,
        Map<String, StructuralSchema> properties,
        StructuralSchema items,
        StructuralSchema additionalProperties,
        boolean anyAdditional,
        List<String> required,
        List<JsonNode> enumValues,
        String patternText,
        Pattern pattern,
        Double minimum,
        Double maximum,
        boolean exclusiveMinimum,
        boolean exclusiveMaximum,
        Double multipleOf,
        Long minLength,
        Long maxLength,
        Long minItems,
        Long maxItems,
        Long minProperties,
        Long maxProperties,
        boolean uniqueItems,
        boolean nullable,
        boolean intOrString,
        boolean preserveUnknownFields,
        boolean embeddedResource,
        String listType,
        List<String> listMapKeys,
        JsonNode defaultValue,
        List<StructuralSchema> allOf,
        List<StructuralSchema> anyOf,
        List<StructuralSchema> oneOf,
        StructuralSchema not) {

    /** The schema that accepts anything and keeps every field (a CRD version without a schema). */
    public static final StructuralSchema ANYTHING = parse(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode().put("x-kubernetes-preserve-unknown-fields", true));

    public static StructuralSchema parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, StructuralSchema> props = new LinkedHashMap<>();
        n.path("properties").properties().forEach(e -> props.put(e.getKey(), parse(e.getValue())));
        JsonNode ap = n.get("additionalProperties");
        String patternText = text(n, "pattern");
        return new StructuralSchema(
                text(n, "type"), text(n, "format"), text(n, "description"),
                Collections.unmodifiableMap(props),
                parse(n.get("items")),
                ap != null && ap.isObject() ? parse(ap) : null,
                ap != null && ap.isBoolean() && ap.asBoolean(),
                strings(n.get("required")),
                // an empty enum restricts nothing: upstream checks len(Enum) > 0 (clients such as
                // the official Java client send "enum": [] for every node)
                n.has("enum") && !n.get("enum").isEmpty() ? values(n.get("enum")) : null,
                patternText, compile(patternText),
                number(n, "minimum"), number(n, "maximum"),
                n.path("exclusiveMinimum").asBoolean(false), n.path("exclusiveMaximum").asBoolean(false),
                number(n, "multipleOf"),
                integer(n, "minLength"), integer(n, "maxLength"),
                integer(n, "minItems"), integer(n, "maxItems"),
                integer(n, "minProperties"), integer(n, "maxProperties"),
                n.path("uniqueItems").asBoolean(false),
                n.path("nullable").asBoolean(false),
                n.path("x-kubernetes-int-or-string").asBoolean(false),
                n.path("x-kubernetes-preserve-unknown-fields").asBoolean(false),
                n.path("x-kubernetes-embedded-resource").asBoolean(false),
                text(n, "x-kubernetes-list-type"),
                strings(n.get("x-kubernetes-list-map-keys")),
                n.get("default"),
                list(n.get("allOf")), list(n.get("anyOf")), list(n.get("oneOf")),
                parse(n.get("not")));
    }

    /** The schema of a field of this object: a declared property, else the additionalProperties schema. */
    public StructuralSchema field(String name) {
        StructuralSchema p = properties.get(name);
        return p != null ? p : additionalProperties;
    }

    /** True when a field of this name is kept by pruning. */
    public boolean knows(String name) {
        return properties.containsKey(name) || additionalProperties != null || anyAdditional || preserveUnknownFields;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static Long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            n.forEach(v -> out.add(v.asText()));
        }
        return List.copyOf(out);
    }

    private static List<JsonNode> values(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return List.copyOf(out);
    }

    private static List<StructuralSchema> list(JsonNode n) {
        List<StructuralSchema> out = new ArrayList<>();
        if (n != null) {
            n.forEach(v -> out.add(parse(v)));
        }
        return List.copyOf(out);
    }

    /** Go's regexp is RE2; Java's syntax agrees for what CRD patterns use. */
    private static Pattern compile(String p) {
        if (p == null) {
            return null;
        }
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }
}
