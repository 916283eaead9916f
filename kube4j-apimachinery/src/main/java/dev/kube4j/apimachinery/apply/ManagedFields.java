package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decoded {@code metadata.managedFields} of an object: a {@link ManagerSet} and a time per
 * manager identifier. The identifier is upstream's: the JSON of the entry without its fields and
 * time (and without apiVersion for appliers), e.g.
 * {@code {"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1"}} — so one name
 * updating in two versions, or through a subresource, holds separate entries.
 */
public final class ManagedFields {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    final Map<String, ManagerSet> sets;
    final Map<String, String> times;

    ManagedFields(Map<String, ManagerSet> sets, Map<String, String> times) {
        this.sets = sets;
        this.times = times;
    }

    public static ManagedFields empty() {
        return new ManagedFields(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public Map<String, ManagerSet> sets() {
        return sets;
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    ManagedFields copy() {
        return new ManagedFields(new LinkedHashMap<>(sets), new LinkedHashMap<>(times));
    }

    /** The identifier of a manager, as upstream's BuildManagerIdentifier. */
    public static String identifier(String manager, String operation, String apiVersion, String subresource) {
        // Every write names its manager and every managedFields decode names each entry's: the few
        // distinct identifiers are kept rather than written out as JSON each time.
        Id key = new Id(manager, operation, apiVersion, subresource);
        String known = IDENTIFIERS.get(key);
        if (known != null) {
            return known;
        }
        String id = writeIdentifier(manager, operation, apiVersion, subresource);
        if (IDENTIFIERS.size() >= MAX_REMEMBERED_IDENTIFIERS) {
            IDENTIFIERS.clear(); // manager names come from clients: stay bounded whatever they send
        }
        IDENTIFIERS.put(key, id);
        return id;
    }

    private static final int MAX_REMEMBERED_IDENTIFIERS = 4096;
    private static final ConcurrentHashMap<Id, String> IDENTIFIERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Id> PARSED = new ConcurrentHashMap<>();

    private static String writeIdentifier(String manager, String operation, String apiVersion, String subresource) {
        ObjectNode id = F.objectNode();
        id.put("manager", manager);
        id.put("operation", operation);
        if (!operation.equals(APPLY) && apiVersion != null && !apiVersion.isEmpty()) {
            id.put("apiVersion", apiVersion);
        }
        if (subresource != null && !subresource.isEmpty()) {
            id.put("subresource", subresource);
        }
        return id.toString();
    }

    /** The parts of an identifier. */
    record Id(String manager, String operation, String apiVersion, String subresource) {
        static Id parse(String identifier) {
            Id known = PARSED.get(identifier);
            if (known != null) {
                return known;
            }
            Id id;
            try {
                JsonNode n = PathElement.JSON.readTree(identifier);
                id = new Id(n.path("manager").asText(""), n.path("operation").asText(""),
                        n.path("apiVersion").asText(""), n.path("subresource").asText(""));
            } catch (JsonProcessingException e) {
                id = new Id(identifier, "", "", "");
            }
            if (PARSED.size() >= MAX_REMEMBERED_IDENTIFIERS) {
                PARSED.clear();
            }
            PARSED.put(identifier, id);
            return id;
        }

        /** Upstream's printManager: {@code "name"}, with subresource, and {@code using apps/v1} for updaters. */
        String describe() {
            String s = GoQuote.quote(manager);
            if (!subresource.isEmpty()) {
                s += " with subresource " + GoQuote.quote(subresource);
            }
            return operation.equals(UPDATE) ? s + " using " + apiVersion : s;
        }
    }

    // ------------------------------------------------------------------ codec

    /**
     * Decodes {@code metadata.managedFields}; null or missing is empty. Throws
     * IllegalArgumentException with upstream's wording for a malformed entry.
     */
    public static ManagedFields decode(JsonNode entries) {
        ManagedFields out = empty();
        if (entries == null || entries.isNull() || entries.isMissingNode()) {
            return out;
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("managedFields must be a list");
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String op = e.path("operation").asText("");
            if (!op.equals(APPLY) && !op.equals(UPDATE)) {
                throw new IllegalArgumentException("operation must be `Apply` or `Update`");
            }
            String apiVersion = e.path("apiVersion").asText("");
            if (apiVersion.isEmpty()) {
                throw new IllegalArgumentException("apiVersion must not be empty");
            }
            String fieldsType = e.path("fieldsType").asText("");
            if (fieldsType.isEmpty()) {
                throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
            }
            if (!fieldsType.equals("FieldsV1")) {
                throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
            }
            String id = identifier(e.path("manager").asText(""), op, apiVersion, e.path("subresource").asText(""));
            out.sets.put(id, new ManagerSet(FieldSet.fromFieldsV1(e.get("fieldsV1")), apiVersion, op.equals(APPLY)));
            if (e.hasNonNull("time")) {
                out.times.put(id, e.get("time").asText());
            }
        }
        return out;
    }

    /** Upstream's encoding: entries sorted by operation, time, manager, apiVersion, subresource. */
    public ArrayNode encode() {
        record Row(Id id, ManagerSet set, String time) {
        }
        List<Row> rows = new ArrayList<>();
        sets.forEach((id, set) -> rows.add(new Row(Id.parse(id), set, times.get(id))));
        rows.sort(Comparator.comparing((Row r) -> r.id().operation())
                .thenComparing(r -> r.time() == null ? "" : r.time())
                .thenComparing(r -> r.id().manager())
                .thenComparing(r -> r.set().apiVersion())
                .thenComparing(r -> r.id().subresource()));
        ArrayNode out = F.arrayNode();
        for (Row r : rows) {
            ObjectNode e = out.addObject();
            e.put("manager", r.id().manager());
            e.put("operation", r.id().operation());
            e.put("apiVersion", r.set().apiVersion());
            if (r.time() != null) {
                e.put("time", r.time());
            }
            e.put("fieldsType", "FieldsV1");
            e.set("fieldsV1", r.set().fields().toFieldsV1());
            if (!r.id().subresource().isEmpty()) {
                e.put("subresource", r.id().subresource());
            }
        }
        return out;
    }

    /** Go's %q of a string, as upstream quotes manager names. */
    static final class GoQuote {
        private GoQuote() {
        }

        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
