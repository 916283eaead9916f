package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.Validators;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against its structural schema with upstream's (kube-openapi's)
 * messages, converted to field errors as the apiextensions server does:
 * {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}.
 */
public final class SchemaValidator {

    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final List<FieldError> errors = new ArrayList<>();

    private SchemaValidator() {
    }

    /** Every violation of {@code value} (an object's root, or any node with its path) against the schema. */
    public static List<FieldError> validate(JsonNode value, StructuralSchema schema, String path) {
        SchemaValidator v = new SchemaValidator();
        v.check(value, schema, path);
        return v.errors;
    }

    private void check(JsonNode v, StructuralSchema s, String path) {
        if (s == null) {
            return;
        }
        if (v.isNull()) {
            if (!s.nullable() && (s.type() != null || s.intOrString())) {
                typeError(path, s.intOrString() ? "integer,string" : s.type(), v);
            }
            return;
        }
        if (!typeMatches(v, s)) {
            typeError(path, s.intOrString() ? "integer,string" : s.type(), v);
            return;
        }
        if (s.enumValues() != null && s.enumValues().stream().noneMatch(e -> sameValue(e, v))) {
            List<String> allowed = s.enumValues().stream().map(e -> e.isTextual() ? e.asText() : e.toString()).toList();
            errors.add(FieldError.notSupported(path, v, allowed));
        }
        if (v.isTextual()) {
            checkString(v.asText(), s, path, v);
        } else if (v.isNumber()) {
            checkNumber(v, s, path);
        } else if (v.isArray()) {
            checkArray(v, s, path);
        } else if (v.isObject()) {
            checkObject(v, s, path);
        }
        for (StructuralSchema all : s.allOf()) {
            check(v, all, path);
        }
        if (!s.anyOf().isEmpty() && s.anyOf().stream().noneMatch(a -> validate(v, a, path).isEmpty())) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body must be of type " + firstType(s.anyOf())));
        }
        if (!s.oneOf().isEmpty() && s.oneOf().stream().filter(a -> validate(v, a, path).isEmpty()).count() != 1) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body must validate one and only one schema (oneOf)"));
        }
        if (s.not() != null && validate(v, s.not(), path).isEmpty()) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body must not validate the schema (not)"));
        }
    }

    private static String firstType(List<StructuralSchema> alternatives) {
        return alternatives.stream().map(StructuralSchema::type).filter(t -> t != null).findFirst().orElse("object");
    }

    private static boolean typeMatches(JsonNode v, StructuralSchema s) {
        if (s.intOrString()) {
            return v.isTextual() || isInteger(v);
        }
        if (s.type() == null) {
            return true;
        }
        return switch (s.type()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> isInteger(v);
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
    }

    private static boolean isInteger(JsonNode v) {
        return v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && !Double.isInfinite(v.asDouble()));
    }

    /** The JSON type of a value as kube-openapi names it in type errors. */
    static String jsonType(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        return "null";
    }

    private void typeError(String path, String expected, JsonNode v) {
        String actual = jsonType(v);
        errors.add(new FieldError(FieldError.Type.TYPE_INVALID, path, actual,
                name(path) + " in body must be of type " + expected + ": " + GoValue.quote(actual)));
    }

    private void checkString(String text, StructuralSchema s, String path, JsonNode v) {
        int length = text.codePointCount(0, text.length());
        if (s.maxLength() != null && length > s.maxLength()) {
            errors.add(new FieldError(FieldError.Type.TOO_LONG, path, null,
                    "may not be more than " + s.maxLength() + " bytes"));
        }
        if (s.minLength() != null && length < s.minLength()) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body should be at least " + s.minLength() + " chars long"));
        }
        if (s.pattern() != null && !s.pattern().matcher(text).find()) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body should match '" + s.patternText() + "'"));
        }
        if (s.format() != null && !formatMatches(s.format(), text)) {
            errors.add(new FieldError(FieldError.Type.TYPE_INVALID, path, v,
                    name(path) + " in body must be of type " + s.format() + ": " + GoValue.quote(text)));
        }
    }

    /** The formats kube-openapi checks that CRDs commonly use; unknown formats pass, as upstream. */
    private static boolean formatMatches(String format, String text) {
        try {
            return switch (format) {
                case "date-time" -> {
                    OffsetDateTime.parse(text);
                    yield true;
                }
                case "date" -> {
                    LocalDate.parse(text);
                    yield true;
                }
                case "uuid" -> UUID.matcher(text).matches();
                case "ipv4" -> Validators.isIPv4(text);
                case "ipv6" -> Validators.isIPv6(text);
                case "cidr" -> Validators.isValidCIDR(dev.kube4j.apimachinery.validation.Path.root(), text).isEmpty();
                case "byte" -> {
                    Base64.getDecoder().decode(text);
                    yield true;
                }
                case "hostname" -> Validators.isDNS1123Subdomain(text).isEmpty();
                default -> true;
            };
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return false;
        }
    }

    private void checkNumber(JsonNode v, StructuralSchema s, String path) {
        double d = v.asDouble();
        if (s.maximum() != null && (s.exclusiveMaximum() ? d >= s.maximum() : d > s.maximum())) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body should be less than "
                    + (s.exclusiveMaximum() ? "" : "or equal to ") + goNumber(s.maximum())));
        }
        if (s.minimum() != null && (s.exclusiveMinimum() ? d <= s.minimum() : d < s.minimum())) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body should be greater than "
                    + (s.exclusiveMinimum() ? "" : "or equal to ") + goNumber(s.minimum())));
        }
        if (s.multipleOf() != null && s.multipleOf() != 0 && Math.abs(d / s.multipleOf() - Math.rint(d / s.multipleOf())) > 1e-9) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body should be a multiple of " + goNumber(s.multipleOf())));
        }
    }

    private void checkArray(JsonNode v, StructuralSchema s, String path) {
        if (s.maxItems() != null && v.size() > s.maxItems()) {
            errors.add(FieldError.tooMany(path, v.size(), s.maxItems().intValue()));
        }
        if (s.minItems() != null && v.size() < s.minItems()) {
            errors.add(FieldError.invalid(path, v.size(), name(path) + " in body should have at least " + s.minItems() + " items"));
        }
        if (s.uniqueItems() && new HashSet<JsonNode>(toList(v)).size() != v.size()) {
            errors.add(FieldError.invalid(path, v, name(path) + " in body shouldn't contain duplicates"));
        }
        for (int i = 0; i < v.size(); i++) {
            check(v.get(i), s.items(), path + "[" + i + "]");
        }
        checkListType(v, s, path);
    }

    /** x-kubernetes-list-type set and map: no two items (or item keys) alike. */
    private void checkListType(JsonNode v, StructuralSchema s, String path) {
        if ("set".equals(s.listType())) {
            Set<JsonNode> seen = new HashSet<>();
            for (int i = 0; i < v.size(); i++) {
                if (!seen.add(v.get(i))) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", v.get(i)));
                }
            }
        } else if ("map".equals(s.listType()) && !s.listMapKeys().isEmpty()) {
            Set<List<JsonNode>> seen = new HashSet<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                List<JsonNode> key = new ArrayList<>();
                Map<String, String> rendered = new TreeMap<>();
                for (String k : s.listMapKeys()) {
                    key.add(item.path(k));
                    if (item.has(k)) {
                        rendered.put(k, item.get(k).toString());
                    }
                }
                if (!seen.add(key)) {
                    StringBuilder b = new StringBuilder("map[string]interface {}{");
                    rendered.forEach((k, val) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ")
                            .append('"').append(k).append("\":").append(val));
                    errors.add(FieldError.duplicate(path + "[" + i + "]", new GoValue(b.append('}').toString())));
                }
            }
        }
    }

    private void checkObject(JsonNode v, StructuralSchema s, String path) {
        if (s.maxProperties() != null && v.size() > s.maxProperties()) {
            errors.add(FieldError.tooMany(path, v.size(), s.maxProperties().intValue()));
        }
        if (s.minProperties() != null && v.size() < s.minProperties()) {
            errors.add(FieldError.invalid(path, v.size(), name(path) + " in body should have at least " + s.minProperties() + " properties"));
        }
        for (String r : s.required()) {
            if (!v.has(r)) {
                errors.add(FieldError.required(child(path, r), ""));
            }
        }
        if (s.embeddedResource()) {
            for (String r : List.of("apiVersion", "kind")) {
                if (v.path(r).asText("").isEmpty()) {
                    errors.add(FieldError.required(child(path, r), ""));
                }
            }
        }
        for (var e : v.properties()) {
            StructuralSchema fs = s.field(e.getKey());
            if (fs != null) {
                check(e.getValue(), fs, child(path, e.getKey()));
            }
        }
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** kube-openapi names the root "body"... only when the error is at the root itself. */
    private static String name(String path) {
        return path.isEmpty() ? "body" : path;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Go's %v of a float64: no trailing ".0" for whole numbers. */
    static String goNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
