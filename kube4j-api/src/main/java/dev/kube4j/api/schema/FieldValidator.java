package dev.kube4j.api.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.meta.GroupVersionKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side field validation ({@code ?fieldValidation=Strict|Warn|Ignore}) of built-in kinds,
 * reporting what upstream's strict JSON decoding reports: unknown fields and duplicate fields,
 * with upstream's paths ({@code spec.template.spec.containers[0].imagePullPolcy}) and order.
 *
 * <p>Fields inside free-form maps ({@code metadata.labels}, {@code data}, ...) are never
 * unknown; duplicate keys are reported everywhere except inside opaque values
 * ({@code RawExtension}, {@code FieldsV1}, quantities, ...), as upstream does.
 *
 * <p>Server use, for a create/update body in JSON:
 * <pre>{@code
 * FieldValidator.Directive d = FieldValidator.Directive.parse(query.get("fieldValidation")).orElseThrow(...);
 * if (d != Directive.IGNORE) {
 *     FieldValidator.Result r = FieldValidator.builtin().validate(body, gvk);
 *     if (!r.isEmpty()) {
 *         if (d == Directive.STRICT) throw ApiException.badRequest(r.strictErrorMessage());   // HTTP 400
 *         r.warnings().forEach(w -> response.addHeader("Warning", FieldValidator.warningHeader(w)));
 *     }
 * }
 * }</pre>
 */
public final class FieldValidator {

    /** Upstream stops collecting strict errors after this many. */
    public static final int MAX_ERRORS = 100;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private final SchemaRegistry registry;

    public FieldValidator(SchemaRegistry registry) {
        this.registry = registry;
    }

    private static final class Holder {
        static final FieldValidator BUILTIN = new FieldValidator(SchemaRegistry.builtin());
    }

    /** The validator of every built-in kind ({@link SchemaRegistry#builtin()}). */
    public static FieldValidator builtin() {
        return Holder.BUILTIN;
    }

    /** The value of the {@code fieldValidation} query parameter. */
    public enum Directive {
        STRICT("Strict"), WARN("Warn"), IGNORE("Ignore");

        private final String value;

        Directive(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /**
         * Parses the query parameter; absent or empty means {@link #WARN}, upstream's default.
         * Returns empty for any other value than Strict, Warn, Ignore (upstream answers those
         * with an invalid-options error).
         */
        public static Optional<Directive> parse(String query) {
            if (query == null || query.isEmpty()) {
                return Optional.of(WARN);
            }
            for (Directive d : values()) {
                if (d.value.equals(query)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What strict decoding found.
     *
     * @param errors          every violation in document order, as upstream words it:
     *                        {@code unknown field "spec.foo"} or {@code duplicate field "replicas"}
     * @param unknownFields   the paths of the unknown fields
     * @param duplicateFields the paths of the duplicate fields
     */
    public record Result(List<String> errors, List<String> unknownFields, List<String> duplicateFields) {

        public static final Result EMPTY = new Result(List.of(), List.of(), List.of());

        public boolean isEmpty() {
            return errors.isEmpty();
        }

        /**
         * Upstream's message for {@code fieldValidation=Strict}, sent as a 400 BadRequest Status:
         * {@code strict decoding error: unknown field "spec.foo", duplicate field "replicas"}.
         */
        public String strictErrorMessage() {
            return "strict decoding error: " + String.join(", ", errors);
        }

        /**
         * Upstream's full 400 message when a create or update body fails Strict decoding:
         * {@code Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...}.
         */
        public String badRequestMessage(GroupVersionKind gvk) {
            return gvk.kind() + " in version " + quote(gvk.version()) + " cannot be handled as a " + gvk.kind()
                    + ": " + strictErrorMessage();
        }

        /** The warnings for {@code fieldValidation=Warn}: one per violation. */
        public List<String> warnings() {
            return errors;
        }

        public Result plus(Result other) {
            if (other.isEmpty()) {
                return this;
            }
            if (isEmpty()) {
                return other;
            }
            Sink sink = new Sink();
            for (Result r : List.of(this, other)) {
                for (int i = 0; i < r.errors.size(); i++) {
                    sink.add(r.errors.get(i));
                }
                r.unknownFields.forEach(sink.unknown::add);
                r.duplicateFields.forEach(sink.duplicate::add);
            }
            return sink.result();
        }
    }

    /**
     * The value of one {@code Warning} response header carrying {@code text}, as upstream
     * formats it: {@code 299 - "unknown field \"spec.foo\""}.
     */
    public static String warningHeader(String text) {
        StringBuilder b = new StringBuilder(text.length() + 10).append("299 - \"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.append('"').toString();
    }

    /** True if the kind has a schema (otherwise {@link #validate} finds nothing). */
    public boolean supports(GroupVersionKind gvk) {
        return registry.forKind(gvk).isPresent();
    }

    /**
     * Strictly checks a JSON request body against the schema of {@code gvk}: unknown fields
     * and duplicate fields, in document order (as upstream's typed decoding on
     * create/update).
     *
     * @throws IllegalArgumentException if the body is not well-formed JSON
     */
    public Result validate(byte[] json, GroupVersionKind gvk) {
        Optional<Definition> root = registry.forKind(gvk);
        return scan(json, root.<SchemaType>map(d -> new SchemaType.Ref(d.name()))
                .orElse(new SchemaType.MapOf(SchemaType.FreeForm.INSTANCE)), root.isPresent());
    }

    /**
     * Only the duplicate fields of a JSON document, anywhere in it (as upstream checks merge
     * and strategic-merge patch bodies before applying them).
     *
     * @throws IllegalArgumentException if the body is not well-formed JSON
     */
    public Result duplicates(byte[] json) {
        return scan(json, UNTYPED, false);
    }

    /**
     * The unknown fields of an already-parsed object (e.g. the result of applying a patch), as
     * upstream's conversion from unstructured with validation reports them. Keys starting with
     * {@code $} (strategic-merge-patch directives) are not reported.
     */
    public Result unknownFields(JsonNode object, GroupVersionKind gvk) {
        Optional<Definition> root = registry.forKind(gvk);
        if (root.isEmpty() || object == null) {
            return Result.EMPTY;
        }
        Sink sink = new Sink();
        walkTree(object, new SchemaType.Ref(root.get().name()), new StringBuilder(), sink);
        return sink.result();
    }

    // ------------------------------------------------------------------ streaming scan

    /** Marker type: an untyped map whose nested maps are also checked for duplicates. */
    private static final SchemaType UNTYPED = new SchemaType.MapOf(null);

    private Result scan(byte[] json, SchemaType root, boolean typed) {
        Sink sink = new Sink();
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Result.EMPTY;
            }
            walk(p, typed ? root : UNTYPED, new StringBuilder(), sink);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("invalid JSON: trailing data after the top-level value");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage()), e);
        }
        return sink.result();
    }

    /** Walks the value whose first token is current; leaves the parser on its last token. */
    private void walk(JsonParser p, SchemaType type, StringBuilder path, Sink sink) throws IOException {
        JsonToken t = p.currentToken();
        if (type == UNTYPED) {
            walkUntyped(p, path, sink);
            return;
        }
        switch (type) {
            case SchemaType.Ref ref -> {
                Definition def = registry.definitions().get(ref.name());
                if (def == null || !def.isStruct() || t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    walkStruct(p, def, path, sink);
                }
            }
            case SchemaType.MapOf map -> {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    return;
                }
                Set<String> seen = new HashSet<>();
                int mark = path.length();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (!seen.add(key)) {
                        sink.duplicate(path, key);
                    }
                    p.nextToken();
                    append(path, key);
                    walk(p, map.values(), path, sink);
                    path.setLength(mark);
                }
            }
            case SchemaType.ArrayOf array -> {
                if (t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    return;
                }
                int mark = path.length();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    path.append('[').append(i++).append(']');
                    walk(p, array.items(), path, sink);
                    path.setLength(mark);
                }
            }
            default -> p.skipChildren();
        }
    }

    private void walkStruct(JsonParser p, Definition def, StringBuilder path, Sink sink) throws IOException {
        Map<String, Property> props = def.properties();
        Set<String> seen = new HashSet<>();
        int mark = path.length();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            Property prop = props.get(key);
            if (prop == null) {
                sink.unknown(path, key);
                p.skipChildren();
                continue;
            }
            if (!seen.add(key)) {
                sink.duplicate(path, key);
            }
            append(path, key);
            walk(p, prop.type(), path, sink);
            path.setLength(mark);
        }
    }

    private void walkUntyped(JsonParser p, StringBuilder path, Sink sink) throws IOException {
        JsonToken t = p.currentToken();
        int mark = path.length();
        if (t == JsonToken.START_OBJECT) {
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!seen.add(key)) {
                    sink.duplicate(path, key);
                }
                p.nextToken();
                append(path, key);
                walkUntyped(p, path, sink);
                path.setLength(mark);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                path.append('[').append(i++).append(']');
                walkUntyped(p, path, sink);
                path.setLength(mark);
            }
        }
    }

    // ------------------------------------------------------------------ tree walk

    private void walkTree(JsonNode node, SchemaType type, StringBuilder path, Sink sink) {
        switch (type) {
            case SchemaType.Ref ref -> {
                Definition def = registry.definitions().get(ref.name());
                if (def == null || !def.isStruct() || !node.isObject()) {
                    return;
                }
                int mark = path.length();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Property prop = def.properties().get(e.getKey());
                    if (prop == null) {
                        if (!e.getKey().startsWith("$")) {
                            sink.unknown(path, e.getKey());
                        }
                        continue;
                    }
                    append(path, e.getKey());
                    walkTree(e.getValue(), prop.type(), path, sink);
                    path.setLength(mark);
                }
            }
            case SchemaType.MapOf map -> {
                if (!node.isObject()) {
                    return;
                }
                int mark = path.length();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    append(path, e.getKey());
                    walkTree(e.getValue(), map.values(), path, sink);
                    path.setLength(mark);
                }
            }
            case SchemaType.ArrayOf array -> {
                if (!node.isArray()) {
                    return;
                }
                int mark = path.length();
                for (int i = 0; i < node.size(); i++) {
                    path.append('[').append(i).append(']');
                    walkTree(node.get(i), array.items(), path, sink);
                    path.setLength(mark);
                }
            }
            default -> {
            }
        }
    }

    private static void append(StringBuilder path, String key) {
        if (!path.isEmpty()) {
            path.append('.');
        }
        path.append(key);
    }

    /** Collects violations, de-duplicated and capped like upstream. */
    private static final class Sink {
        final Set<String> errors = new LinkedHashSet<>();
        final List<String> unknown = new ArrayList<>();
        final List<String> duplicate = new ArrayList<>();

        void unknown(StringBuilder path, String key) {
            String full = full(path, key);
            if (add("unknown field " + quote(full))) {
                unknown.add(full);
            }
        }

        void duplicate(StringBuilder path, String key) {
            String full = full(path, key);
            if (add("duplicate field " + quote(full))) {
                duplicate.add(full);
            }
        }

        boolean add(String error) {
            return errors.size() < MAX_ERRORS && errors.add(error);
        }

        private static String full(StringBuilder path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Result result() {
            if (errors.isEmpty()) {
                return Result.EMPTY;
            }
            return new Result(List.copyOf(errors), List.copyOf(unknown), List.copyOf(duplicate));
        }
    }

    /** Go's strconv.Quote for the characters field names contain. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
