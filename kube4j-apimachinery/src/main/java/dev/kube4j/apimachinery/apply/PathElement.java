package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a {@link FieldPath}, as structured-merge-diff names them: a field of a map, an
 * element of an associative list by its key fields, an element of a set by its value, or a
 * list element by position. Encoded in FieldsV1 as {@code f:name}, {@code k:{"name":"a"}},
 * {@code v:"x"} and {@code i:0}; printed in conflict messages as {@code .name},
 * {@code [name="a"]}, {@code [="x"]} and {@code [0]}.
 */
public sealed interface PathElement extends Comparable<PathElement> {

    ObjectMapper JSON = new ObjectMapper();

    /** The FieldsV1 key of this element. */
    String encode();

    /** Upstream's order: fields, then keys, then values, then indexes. */
    int rank();

    /** A field of a map. */
    record Field(String name) implements PathElement {
        @Override
        public String encode() {
            return "f:" + name;
        }

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** An element of an associative list, by its key fields (sorted by name). */
    record Key(ObjectNode fields) implements PathElement {
        public Key {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            new TreeMap<>(asMap(fields)).forEach((k, v) -> sorted.set(k, JsonValueOrder.canonical(v)));
            fields = sorted;
        }

        @Override
        public String encode() {
            return "k:" + json(fields);
        }

        @Override
        public int rank() {
            return 1;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            fields.properties().forEach(e -> parts.add(e.getKey() + "=" + JsonValueOrder.goString(e.getValue())));
            return "[" + String.join(",", parts) + "]";
        }
    }

    /** An element of a set, by its value. */
    record Value(JsonNode value) implements PathElement {
        public Value {
            value = JsonValueOrder.canonical(value);
        }

        @Override
        public String encode() {
            return "v:" + json(value);
        }

        @Override
        public int rank() {
            return 2;
        }

        @Override
        public String toString() {
            return "[=" + JsonValueOrder.goString(value) + "]";
        }
    }

    /** A list element by position (lists without keys that are not atomic). */
    record Index(int index) implements PathElement {
        @Override
        public String encode() {
            return "i:" + index;
        }

        @Override
        public int rank() {
            return 3;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    @Override
    default int compareTo(PathElement o) {
        if (rank() != o.rank()) {
            return Integer.compare(rank(), o.rank());
        }
        return switch (this) {
            case Field f -> f.name().compareTo(((Field) o).name());
            case Key k -> compareKeys(k.fields(), ((Key) o).fields());
            case Value v -> JsonValueOrder.compare(v.value(), ((Value) o).value());
            case Index i -> Integer.compare(i.index(), ((Index) o).index());
        };
    }

    /** Parses a FieldsV1 key; throws IllegalArgumentException for a malformed one. */
    static PathElement decode(String s) {
        if (s.length() < 2 || s.charAt(1) != ':') {
            throw new IllegalArgumentException("unknown path element type: " + s);
        }
        String body = s.substring(2);
        try {
            return switch (s.charAt(0)) {
                case 'f' -> new Field(body);
                case 'k' -> {
                    JsonNode n = JSON.readTree(body);
                    if (n == null || !n.isObject()) {
                        throw new IllegalArgumentException("key must be a JSON object: " + s);
                    }
                    yield new Key((ObjectNode) n);
                }
                case 'v' -> new Value(JSON.readTree(body));
                case 'i' -> new Index(Integer.parseInt(body));
                default -> throw new IllegalArgumentException("unknown path element type: " + s);
            };
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid path element " + s + ": " + e.getMessage());
        }
    }

    private static int compareKeys(ObjectNode a, ObjectNode b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        Iterator<Map.Entry<String, JsonNode>> ia = a.properties().iterator();
        Iterator<Map.Entry<String, JsonNode>> ib = b.properties().iterator();
        while (ia.hasNext()) {
            Map.Entry<String, JsonNode> ea = ia.next();
            Map.Entry<String, JsonNode> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = JsonValueOrder.compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static Map<String, JsonNode> asMap(ObjectNode o) {
        Map<String, JsonNode> m = new TreeMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static String json(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
