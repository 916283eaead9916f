package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 document (as JSON) in the protobuf wire format of gnostic's
 * {@code openapi.v2.Document} message (github.com/google/gnostic-models/openapiv2), which is what
 * client-go's {@code OpenAPISchema()} downloads from {@code /openapi/v2} and kubectl parses.
 * Field numbers follow gnostic's OpenAPIv2.proto. Vendor extensions ({@code x-*}) become
 * {@code NamedAny} with the value as YAML text (JSON is valid YAML).
 */
final class GnosticV2Encoder {

    private GnosticV2Encoder() {
    }

    static byte[] encode(JsonNode swagger) {
        return document(swagger).toByteArray();
    }

    private static ProtoWriter document(JsonNode d) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(d, "swagger"));
        if (d.has("info")) {
            w.message(2, info(d.get("info")));
        }
        w.string(3, text(d, "host"));
        w.string(4, text(d, "basePath"));
        strings(w, 5, d.get("schemes"));
        strings(w, 6, d.get("consumes"));
        strings(w, 7, d.get("produces"));
        if (d.has("paths")) {
            w.message(8, paths(d.get("paths")));
        }
        if (d.has("definitions")) {
            ProtoWriter defs = new ProtoWriter();
            for (Iterator<Map.Entry<String, JsonNode>> it = d.get("definitions").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                defs.message(1, named(e.getKey(), schema(e.getValue())));
            }
            w.message(9, defs);
        }
        if (d.has("parameters")) {
            ProtoWriter params = new ProtoWriter();
            for (Iterator<Map.Entry<String, JsonNode>> it = d.get("parameters").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.message(1, named(e.getKey(), parameter(e.getValue())));
            }
            w.message(10, params);
        }
        if (d.has("security")) {
            for (JsonNode req : d.get("security")) {
                w.message(12, securityRequirement(req));
            }
        }
        if (d.has("securityDefinitions")) {
            ProtoWriter sd = new ProtoWriter();
            for (Iterator<Map.Entry<String, JsonNode>> it = d.get("securityDefinitions").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sd.message(1, named(e.getKey(), securityDefinition(e.getValue())));
            }
            w.message(13, sd);
        }
        extensions(w, 16, d);
        return w;
    }

    private static ProtoWriter info(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(n, "title")).string(2, text(n, "version")).string(3, text(n, "description"))
                .string(4, text(n, "termsOfService"));
        extensions(w, 7, n);
        return w;
    }

    private static ProtoWriter paths(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        extensions(w, 1, n);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("x-")) {
                w.message(2, named(e.getKey(), pathItem(e.getValue())));
            }
        }
        return w;
    }

    private static ProtoWriter pathItem(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(n, "$ref"));
        String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
        for (int i = 0; i < methods.length; i++) {
            if (n.has(methods[i])) {
                w.message(2 + i, operation(n.get(methods[i])));
            }
        }
        parameters(w, 9, n.get("parameters"));
        extensions(w, 10, n);
        return w;
    }

    private static ProtoWriter operation(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        strings(w, 1, n.get("tags"));
        w.string(2, text(n, "summary")).string(3, text(n, "description")).string(5, text(n, "operationId"));
        strings(w, 6, n.get("produces"));
        strings(w, 7, n.get("consumes"));
        parameters(w, 8, n.get("parameters"));
        if (n.has("responses")) {
            w.message(9, responses(n.get("responses")));
        }
        strings(w, 10, n.get("schemes"));
        w.bool(11, n.path("deprecated").asBoolean(false), false);
        extensions(w, 13, n);
        return w;
    }

    private static void parameters(ProtoWriter w, int field, JsonNode params) {
        if (params == null) {
            return;
        }
        for (JsonNode p : params) {
            ProtoWriter item = new ProtoWriter();
            if (p.has("$ref")) {
                item.message(2, new ProtoWriter().string(1, text(p, "$ref")).string(2, text(p, "description")));
            } else {
                item.message(1, parameter(p));
            }
            w.message(field, item);
        }
    }

    /** {@code Parameter}: a body parameter or a non-body one (query, path, header, formData). */
    private static ProtoWriter parameter(JsonNode p) {
        ProtoWriter w = new ProtoWriter();
        String in = text(p, "in");
        if ("body".equals(in)) {
            ProtoWriter b = new ProtoWriter();
            b.string(1, text(p, "description")).string(2, text(p, "name")).string(3, in)
                    .bool(4, p.path("required").asBoolean(false), false);
            if (p.has("schema")) {
                b.message(5, schema(p.get("schema")));
            }
            extensions(b, 6, p);
            w.message(1, b);
            return w;
        }
        ProtoWriter sub = new ProtoWriter();
        int oneofField;
        boolean queryLike = "query".equals(in) || "formData".equals(in);
        sub.bool(1, p.path("required").asBoolean(false), false).string(2, in)
                .string(3, text(p, "description")).string(4, text(p, "name"));
        int base;
        if (queryLike) {
            sub.bool(5, p.path("allowEmptyValue").asBoolean(false), false);
            base = 6;
            oneofField = "query".equals(in) ? 3 : 2;
        } else {
            base = 5;
            oneofField = "path".equals(in) ? 4 : 1;
        }
        // type, format, items, collectionFormat, default, maximum, exclusiveMaximum, minimum, exclusiveMinimum,
        // maxLength, minLength, pattern, maxItems, minItems, uniqueItems, enum, multipleOf, vendor_extension
        sub.string(base, text(p, "type")).string(base + 1, text(p, "format"));
        if (p.has("items")) {
            sub.message(base + 2, primitivesItems(p.get("items")));
        }
        sub.string(base + 3, text(p, "collectionFormat"));
        if (p.has("default")) {
            sub.message(base + 4, any(p.get("default")));
        }
        sub.dbl(base + 5, p.path("maximum").asDouble(0));
        sub.bool(base + 6, p.path("exclusiveMaximum").asBoolean(false), false);
        sub.dbl(base + 7, p.path("minimum").asDouble(0));
        sub.bool(base + 8, p.path("exclusiveMinimum").asBoolean(false), false);
        sub.int64(base + 9, p.path("maxLength").asLong(0));
        sub.int64(base + 10, p.path("minLength").asLong(0));
        sub.string(base + 11, text(p, "pattern"));
        sub.int64(base + 12, p.path("maxItems").asLong(0));
        sub.int64(base + 13, p.path("minItems").asLong(0));
        sub.bool(base + 14, p.path("uniqueItems").asBoolean(false), false);
        if (p.has("enum")) {
            for (JsonNode e : p.get("enum")) {
                sub.message(base + 15, any(e));
            }
        }
        sub.dbl(base + 16, p.path("multipleOf").asDouble(0));
        extensions(sub, base + 17, p);
        w.message(2, new ProtoWriter().message(oneofField, sub));
        return w;
    }

    private static ProtoWriter primitivesItems(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(n, "type")).string(2, text(n, "format"));
        if (n.has("items")) {
            w.message(3, primitivesItems(n.get("items")));
        }
        w.string(4, text(n, "collectionFormat"));
        extensions(w, 18, n);
        return w;
    }

    private static ProtoWriter responses(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("x-")) {
                continue;
            }
            JsonNode r = e.getValue();
            ProtoWriter value = new ProtoWriter();
            if (r.has("$ref")) {
                value.message(2, new ProtoWriter().string(1, text(r, "$ref")));
            } else {
                ProtoWriter resp = new ProtoWriter();
                resp.string(1, text(r, "description"));
                if (r.has("schema")) {
                    resp.message(2, new ProtoWriter().message(1, schema(r.get("schema"))));
                }
                extensions(resp, 5, r);
                value.message(1, resp);
            }
            w.message(1, named(e.getKey(), value));
        }
        extensions(w, 2, n);
        return w;
    }

    static ProtoWriter schema(JsonNode s) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(s, "$ref")).string(2, text(s, "format")).string(3, text(s, "title"))
                .string(4, text(s, "description"));
        if (s.has("default")) {
            w.message(5, any(s.get("default")));
        }
        w.dbl(6, s.path("multipleOf").asDouble(0));
        w.dbl(7, s.path("maximum").asDouble(0));
        w.bool(8, s.path("exclusiveMaximum").asBoolean(false), false);
        w.dbl(9, s.path("minimum").asDouble(0));
        w.bool(10, s.path("exclusiveMinimum").asBoolean(false), false);
        w.int64(11, s.path("maxLength").asLong(0));
        w.int64(12, s.path("minLength").asLong(0));
        w.string(13, text(s, "pattern"));
        w.int64(14, s.path("maxItems").asLong(0));
        w.int64(15, s.path("minItems").asLong(0));
        w.bool(16, s.path("uniqueItems").asBoolean(false), false);
        w.int64(17, s.path("maxProperties").asLong(0));
        w.int64(18, s.path("minProperties").asLong(0));
        strings(w, 19, s.get("required"));
        if (s.has("enum")) {
            for (JsonNode e : s.get("enum")) {
                w.message(20, any(e));
            }
        }
        if (s.has("additionalProperties")) {
            JsonNode ap = s.get("additionalProperties");
            ProtoWriter item = new ProtoWriter();
            if (ap.isBoolean()) {
                item.bool(2, ap.asBoolean(), true);
            } else {
                item.message(1, schema(ap));
            }
            w.message(21, item);
        }
        if (s.has("type")) {
            ProtoWriter type = new ProtoWriter();
            JsonNode t = s.get("type");
            if (t.isArray()) {
                t.forEach(v -> type.string(1, v.asText()));
            } else {
                type.string(1, t.asText());
            }
            w.message(22, type);
        }
        if (s.has("items")) {
            ProtoWriter items = new ProtoWriter();
            JsonNode i = s.get("items");
            if (i.isArray()) {
                i.forEach(v -> items.message(1, schema(v)));
            } else {
                items.message(1, schema(i));
            }
            w.message(23, items);
        }
        if (s.has("allOf")) {
            for (JsonNode a : s.get("allOf")) {
                w.message(24, schema(a));
            }
        }
        if (s.has("properties")) {
            ProtoWriter props = new ProtoWriter();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                props.message(1, named(e.getKey(), schema(e.getValue())));
            }
            w.message(25, props);
        }
        w.string(26, text(s, "discriminator"));
        w.bool(27, s.path("readOnly").asBoolean(false), false);
        if (s.has("example")) {
            w.message(30, any(s.get("example")));
        }
        extensions(w, 31, s);
        return w;
    }

    private static ProtoWriter securityRequirement(JsonNode req) {
        ProtoWriter w = new ProtoWriter();
        for (Iterator<Map.Entry<String, JsonNode>> it = req.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ProtoWriter array = new ProtoWriter();
            strings(array, 1, e.getValue());
            w.message(1, named(e.getKey(), array));
        }
        return w;
    }

    private static ProtoWriter securityDefinition(JsonNode n) {
        ProtoWriter w = new ProtoWriter();
        String type = text(n, "type");
        if ("basic".equals(type)) {
            ProtoWriter b = new ProtoWriter().string(1, type).string(2, text(n, "description"));
            extensions(b, 3, n);
            w.message(1, b);
        } else {
            ProtoWriter k = new ProtoWriter().string(1, type).string(2, text(n, "name")).string(3, text(n, "in"))
                    .string(4, text(n, "description"));
            extensions(k, 5, n);
            w.message(2, k);
        }
        return w;
    }

    /** A {@code Named*} message: name = 1, value = 2. */
    private static ProtoWriter named(String name, ProtoWriter value) {
        return new ProtoWriter().string(1, name).message(2, value);
    }

    /** {@code Any}: the value as YAML text (field 2). */
    private static ProtoWriter any(JsonNode value) {
        return new ProtoWriter().string(2, value.toString() + "\n");
    }

    private static void extensions(ProtoWriter w, int field, JsonNode n) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("x-")) {
                w.message(field, named(e.getKey(), any(e.getValue())));
            }
        }
    }

    private static void strings(ProtoWriter w, int field, JsonNode array) {
        if (array == null) {
            return;
        }
        for (JsonNode v : array) {
            // repeated strings keep empty elements
            w.bytes(field, v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
