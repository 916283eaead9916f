package dev.kube4j.apiserver.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.json.JsonMembers;
import dev.kube4j.apiserver.registry.ObjectCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An object as served, with its resourceVersion stamped: kept as its JSON encoding, not as a
 * parsed tree. A tree costs several times the bytes in many small objects, which the garbage
 * collector must trace and copy; keeping bytes lets the cache hold a large cluster in a small heap
 * with short pauses, and a list or an event sent to a thousand watchers is written from the same
 * bytes. Labels are extracted once; other selectable fields on first use.
 */
public final class CachedObject {

    private final String key;
    private final byte[] json;
    private final long modRevision;
    private final Map<String, String> labels;
    /** Selectable field values computed so far (copy-on-write: few fields, read far more than written). */
    private volatile Map<String, String> fields = Map.of();

    private CachedObject(String key, byte[] json, long modRevision, Map<String, String> labels) {
        this.key = key;
        this.json = json;
        this.modRevision = modRevision;
        this.labels = labels;
    }

    /** Caches {@code object}, whose metadata.resourceVersion is already {@code modRevision}. */
    public static CachedObject of(String key, ObjectNode object, long modRevision) {
        try {
            return new CachedObject(key, ObjectCodec.JSON.writeValueAsBytes(object), modRevision, labelsOf(object));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Caches a stored value (which has no resourceVersion) read at {@code modRevision}. */
    public static CachedObject fromStored(String key, byte[] stored, long modRevision) {
        ResourceVersionStamp.Stamped stamped = ResourceVersionStamp.stamp(stored, modRevision);
        if (stamped != null) {
            return new CachedObject(key, stamped.json(), modRevision, stamped.labels());
        }
        return of(key, ObjectCodec.decodeStored(stored, modRevision), modRevision);
    }

    public String key() {
        return key;
    }

    public long modRevision() {
        return modRevision;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The object as JSON bytes; shared, never modify. */
    public byte[] jsonBytes() {
        return json;
    }

    /** A freshly parsed tree of the object, the caller's to modify. */
    public ObjectNode object() {
        return parse(json);
    }

    private ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) ObjectCodec.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt cached object " + key, e);
        }
    }

    /**
     * The value of a selectable field, computed by {@code extractor} from the parsed object the first
     * time it is asked for and remembered: a watch with a field selector (a node agent's
     * {@code spec.nodeName=…}) then costs one parse per event, not one per watcher. The object is
     * parsed without its managedFields, which no selectable field reads and which are often the
     * larger part of it.
     */
    public String field(String name, Function<ObjectNode, String> extractor) {
        return field(name, null, extractor);
    }

    /**
     * As {@link #field(String, Function)}, for a field whose value is the text of the member at
     * {@code path} (null: none such): read from the bytes when it is a plain string or absent,
     * which spares parsing the object; anything else goes to {@code extractor}.
     */
    public String field(String name, String[] path, Function<ObjectNode, String> extractor) {
        String v = fields.get(name);
        if (v == null && path != null) {
            v = scannedText(path);
        }
        if (v == null) {
            v = extractor.apply(parse(JsonMembers.without(json, "metadata", "managedFields")));
        }
        if (!fields.containsKey(name)) {
            Map<String, String> next = new HashMap<>(fields);
            next.put(name, v);
            fields = Map.copyOf(next);
        }
        return v;
    }

    /**
     * The text of the member at {@code path}: "" when it (or an object on the way) is absent or
     * null, as a parsed lookup answers; null when the bytes hold something else there (a number,
     * an object, an escaped string) and the object must be parsed after all.
     */
    private String scannedText(String[] path) {
        int at = JsonMembers.whitespace(json, 0);
        JsonMembers.Member m = null;
        for (String name : path) {
            if (at < json.length && json[at] == 'n') {
                return ""; // null on the way: absent
            }
            m = at < json.length && json[at] == '{' ? JsonMembers.find(json, at, name) : null;
            if (m == null) {
                return at < json.length && json[at] == '{' ? "" : null;
            }
            at = m.valueStart();
        }
        if (m == null || json[at] == 'n') {
            return m == null ? null : "";
        }
        return json[at] == '"' ? JsonMembers.plainString(json, at, m.valueEnd()) : null;
    }

    public static Map<String, String> labelsOf(ObjectNode obj) {
        JsonNode labels = obj.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(out);
    }

    @Override
    public String toString() {
        return key + "@" + modRevision;
    }
}
