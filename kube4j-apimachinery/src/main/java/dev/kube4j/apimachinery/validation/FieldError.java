package dev.kube4j.apimachinery.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One validation failure at a field path, rendered exactly as upstream's field.Error so that
 * kubectl users see the messages they know, e.g.
 * {@code spec.containers[0].image: Required value}.
 */
public record FieldError(Type type, String field, Object value, String detail) {

    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found"),
        REQUIRED("FieldValueRequired", "Required value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        INTERNAL("InternalError", "Internal error"),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

        public final String reason;
        public final String text;

        Type(String reason, String text) {
            this.reason = reason;
            this.text = text;
        }
    }

    /**
     * Upstream's {@code field.OmitValueType{}}: a value that is left out of the message, e.g.
     * {@code spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported}.
     */
    public static final Object OMIT_VALUE = new Object() {
        @Override
        public String toString() {
            return "<omitted>";
        }
    };

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, null);
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, null);
    }

    public static FieldError tooLong(String field, Object value, int max) {
        return new FieldError(Type.TOO_LONG, field, value, "may not be more than " + max + " bytes");
    }

    public static FieldError tooMany(String field, int actual, int max) {
        return new FieldError(Type.TOO_MANY, field, actual, "must have at most " + max + " items");
    }

    public static FieldError notSupported(String field, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? null
                : "supported values: " + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
    }

    /** The message without the field path, as in a Status cause. */
    public String body() {
        StringBuilder s = new StringBuilder(type.text);
        boolean showsValue = switch (type) {
            case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL -> false;
            default -> true;
        };
        if (showsValue && value != OMIT_VALUE && (value != null || type == Type.INVALID)) {
            s.append(": ").append(render(value));
        }
        if (detail != null && !detail.isEmpty()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence cs) {
            return quote(cs.toString());
        }
        if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
            return node.isTextual() ? quote(node.asText()) : node.toString();
        }
        return String.valueOf(value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
