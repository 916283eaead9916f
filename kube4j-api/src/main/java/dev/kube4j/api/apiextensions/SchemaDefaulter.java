package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code default}s of a structural schema, as upstream's defaulting algorithm: a missing
 * field (or a null one the schema does not allow) takes its default, then defaulting continues
 * inside it, so nested defaults apply too. A null field without a default where null is not
 * allowed is dropped, as upstream does.
 */
public final class SchemaDefaulter {

    private SchemaDefaulter() {
    }

    public static void apply(JsonNode v, StructuralSchema s) {
        if (s == null || v == null) {
            return;
        }
        if (v instanceof ObjectNode o) {
            for (Map.Entry<String, StructuralSchema> p : s.properties().entrySet()) {
                StructuralSchema ps = p.getValue();
                JsonNode current = o.get(p.getKey());
                boolean missing = current == null || (current.isNull() && !ps.nullable());
                if (missing && ps.defaultValue() != null) {
                    o.set(p.getKey(), ps.defaultValue().deepCopy());
                } else if (current != null && current.isNull() && !ps.nullable()) {
                    o.remove(p.getKey());
                }
            }
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                apply(o.get(k), s.field(k));
            }
        } else if (v instanceof ArrayNode a) {
            for (JsonNode item : a) {
                apply(item, s.items());
            }
        }
    }
}
