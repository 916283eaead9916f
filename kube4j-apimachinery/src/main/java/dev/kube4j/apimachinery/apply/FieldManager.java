package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field ownership of one kind (and subresource) in one API version, as upstream's field manager:
 * {@link #update} records what a create, update or patch changed in an {@code Update} entry of
 * {@code metadata.managedFields}; {@link #apply} merges an applied configuration, removes what
 * the applier stopped specifying (unless someone else owns it), detects conflicts with other
 * managers and records an {@code Apply} entry.
 */
public final class FieldManager {

    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String BEFORE_FIRST_APPLY = "before-first-apply";
    static final String ANCIENT_CHANGES = "ancient-changes";
    static final int MAX_UPDATE_MANAGERS = 10;
    /** The manager whose applies also keep kubectl's client-side annotation in step, as upstream. */
    private static final String KUBECTL = "kubectl";

    /** Fields the server sets or the identity of the object: never owned by anyone. */
    private static final FieldSet STRIPPED = FieldSet.of(FieldPath.of("apiVersion"), FieldPath.of("kind"),
            FieldPath.of("metadata"), FieldPath.of("metadata", "name"), FieldPath.of("metadata", "namespace"),
            FieldPath.of("metadata", "creationTimestamp"), FieldPath.of("metadata", "selfLink"),
            FieldPath.of("metadata", "uid"), FieldPath.of("metadata", "clusterName"),
            FieldPath.of("metadata", "generation"), FieldPath.of("metadata", "managedFields"),
            FieldPath.of("metadata", "resourceVersion"));

    /** Which top-level fields a write may not change, so nobody owns them through it (upstream's reset fields). */
    public enum Reset {
        /** Every field counts. */
        NONE,
        /** The main resource of a kind with a status subresource: {@code status} is the subresource's. */
        STATUS,
        /** The status subresource: only {@code status} counts. */
        ALL_BUT_STATUS
    }

    private final ApplySchema schema;
    private final String apiVersion;
    private final String subresource;
    private final Reset reset;
    private final Clock clock;

    public FieldManager(ApplySchema schema, String apiVersion, String subresource, Reset reset) {
        this(schema, apiVersion, subresource, reset, Clock.systemUTC());
    }

    FieldManager(ApplySchema schema, String apiVersion, String subresource, Reset reset, Clock clock) {
        this.schema = schema;
        this.apiVersion = apiVersion;
        this.subresource = subresource == null ? "" : subresource;
        this.reset = reset;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ update

    /**
     * Records a non-apply write of {@code updated} over {@code live} (null for a create) by
     * {@code manager}, setting {@code metadata.managedFields} on {@code updated}. Managed fields
     * the client sent are taken as they are (clients may edit them); {@code []} or {@code [{}]}
     * resets them. Like upstream's UpdateNoErrors, an object that cannot be tracked (malformed
     * lists) loses its managed fields instead of failing the write.
     */
    public ObjectNode update(ObjectNode live, ObjectNode updated, String manager) {
        try {
            ManagedFields managed = liveOrNew(live, updated);
            // Compared without their managed fields, which are taken out for the comparison and put
            // back, not removed from deep copies: copying two whole objects per write was most of the cost.
            ObjectNode l = live == null ? JsonNodeFactory.instance.objectNode() : live;
            JsonNode liveEntries = detachManagedFields(l);
            JsonNode sentEntries = detachManagedFields(updated);
            try {
                managed = recordUpdate(l, updated, managed, ManagedFields.identifier(manager, ManagedFields.UPDATE, apiVersion, subresource));
            } finally {
                reattachManagedFields(l, liveEntries);
                reattachManagedFields(updated, sentEntries);
            }
            setManagedFields(updated, cap(managed));
        } catch (IllegalArgumentException e) {
            ObjectNode meta = (ObjectNode) updated.get("metadata");
            if (meta != null) {
                meta.remove("managedFields");
            }
        }
        return updated;
    }

    private ManagedFields liveOrNew(ObjectNode live, ObjectNode updated) {
        JsonNode liveEntries = live == null ? null : live.path("metadata").get("managedFields");
        if (!subresource.isEmpty()) {
            return decodeOrEmpty(liveEntries); // a subresource write cannot set managed fields
        }
        JsonNode sent = updated.path("metadata").get("managedFields");
        if (sent != null && sent.isArray() && (sent.isEmpty() || sent.size() == 1 && sent.get(0).isObject() && sent.get(0).isEmpty())) {
            return ManagedFields.empty(); // reset, as upstream allows
        }
        try {
            ManagedFields m = ManagedFields.decode(sent);
            if (!m.isEmpty()) {
                return m;
            }
        } catch (IllegalArgumentException e) {
            // fall back to the live object's, so clients unaware of the field cannot wipe it
        }
        return decodeOrEmpty(liveEntries);
    }

    private static ManagedFields decodeOrEmpty(JsonNode entries) {
        try {
            return ManagedFields.decode(entries);
        } catch (IllegalArgumentException e) {
            return ManagedFields.empty();
        }
    }

    /** What {@code id} changed becomes its own; other managers lose the fields it changed or removed. */
    private ManagedFields recordUpdate(JsonNode live, JsonNode updated, ManagedFields managed, String id) {
        TypedValues.Comparison cmp = TypedValues.compare(live, updated, schema).without(ignored(live, updated));
        FieldSet changed = cmp.added().union(cmp.modified());
        ManagedFields out = managed.copy();
        out.sets.clear();
        managed.sets.forEach((m, set) -> {
            FieldSet left = set.fields().difference(changed).difference(cmp.removed());
            if (!left.isEmpty()) {
                out.sets.put(m, set.withFields(left));
            }
        });
        FieldSet mine = changed.difference(STRIPPED);
        if (!mine.isEmpty()) {
            ManagerSet previous = out.sets.get(id);
            out.sets.put(id, new ManagerSet(previous == null ? mine : previous.fields().union(mine), apiVersion, false));
            out.times.put(id, now());
        }
        out.times.keySet().retainAll(out.sets.keySet());
        return out;
    }

    // ------------------------------------------------------------------ apply

    /** The outcome of an apply: the new object (with managed fields) and whether it differs from the live one. */
    public record Applied(ObjectNode object, boolean changed) {
    }

    /**
     * Applies {@code config} to {@code live} (an empty object for an apply that creates) as
     * {@code manager}.
     *
     * @throws ApplyConflictException when fields other managers own would change and {@code force} is off
     * @throws TypedValues.InvalidValueException when the configuration does not fit the schema
     */
    public Applied apply(ObjectNode live, ObjectNode config, String manager, boolean force) {
        ManagedFields managed = ManagedFields.decode(live.path("metadata").get("managedFields"));
        ObjectNode l = withoutManagedFields(live);
        if (managed.isEmpty()) {
            // Whatever the object holds already belongs to someone: to upstream's placeholder manager.
            managed = recordUpdate(JsonNodeFactory.instance.objectNode(), l, managed,
                    ManagedFields.identifier(BEFORE_FIRST_APPLY, ManagedFields.UPDATE, apiVersion, subresource));
        }
        String id = ManagedFields.identifier(manager, ManagedFields.APPLY, apiVersion, subresource);
        Result r;
        try {
            r = applyOnce(l, config, managed, id, force);
        } catch (ApplyConflictException e) {
            if (!manager.equals(KUBECTL)) {
                throw e;
            }
            r = applyMigratingClientSideApply(l, config, managed, id, e);
        }
        boolean changed = !r.object().equals(l);
        if (changed) {
            r.managed().times.put(id, now());
        }
        ObjectNode out = (ObjectNode) r.object();
        if (manager.equals(KUBECTL)) {
            syncLastApplied(out, config);
        }
        setManagedFields(out, cap(r.managed()));
        return new Applied(out, changed || !out.equals(live));
    }

    private record Result(JsonNode object, ManagedFields managed) {
    }

    private Result applyOnce(ObjectNode live, ObjectNode config, ManagedFields managed, String id, boolean force) {
        FieldSet set = TypedValues.toFieldSetStrict(config, schema).recursiveDifference(ignored(live, config));
        JsonNode merged = TypedValues.merge(live, config, schema);
        ManagedFields next = managed.copy();
        ManagerSet last = next.sets.put(id, new ManagerSet(set, apiVersion, true));
        JsonNode pruned = prune(merged, next, last);
        TypedValues.Comparison cmp = TypedValues.compare(live, pruned, schema).without(ignored(live, pruned));
        FieldSet changed = cmp.added().union(cmp.modified());
        List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
        Map<String, ManagerSet> sets = new LinkedHashMap<>();
        for (Map.Entry<String, ManagerSet> e : next.sets.entrySet()) {
            if (e.getKey().equals(id)) {
                sets.put(id, e.getValue().withFields(set.difference(STRIPPED)));
                continue;
            }
            FieldSet owned = e.getValue().fields();
            owned.intersection(changed).paths().forEach(p -> conflicts.add(new ApplyConflictException.Conflict(e.getKey(), p)));
            FieldSet left = owned.difference(changed).difference(cmp.removed());
            if (!left.isEmpty()) {
                sets.put(e.getKey(), e.getValue().withFields(left));
            }
        }
        if (!conflicts.isEmpty() && !force) {
            conflicts.sort(Comparator.comparing(ApplyConflictException.Conflict::manager)
                    .thenComparing(ApplyConflictException.Conflict::path));
            throw new ApplyConflictException(conflicts);
        }
        if (sets.get(id).fields().isEmpty()) {
            sets.remove(id);
        }
        next.sets.clear();
        next.sets.putAll(sets);
        next.times.keySet().retainAll(sets.keySet());
        return new Result(pruned, next);
    }

    /**
     * Removes what the applier owned last time, no longer applies and nobody else owns: the
     * applier's previous fields minus everyone's current fields (structs count as owned when a
     * field below them is).
     */
    private JsonNode prune(JsonNode merged, ManagedFields managed, ManagerSet last) {
        if (last == null || last.fields().isEmpty()) {
            return merged;
        }
        FieldSet owned = FieldSet.empty();
        for (ManagerSet s : managed.sets.values()) {
            owned = owned.union(s.fields());
        }
        FieldSet remove = TypedValues.ensureNamedFieldsAreMembers(last.fields(), schema)
                .difference(TypedValues.ensureNamedFieldsAreMembers(owned, schema))
                .intersection(TypedValues.ensureNamedFieldsAreMembers(TypedValues.toFieldSet(merged, schema), schema));
        return TypedValues.removeItems(merged, remove, schema);
    }

    /**
     * kubectl's first server-side apply of an object it applied client-side: conflicts with the
     * client-side manager are allowed for the fields of the last-applied annotation when that
     * annotation still describes the object, as upstream's lastAppliedManager.
     */
    private Result applyMigratingClientSideApply(ObjectNode live, ObjectNode config, ManagedFields managed, String id,
                                                 ApplyConflictException conflict) {
        FieldSet allowed = lastAppliedFields(live);
        List<ApplyConflictException.Conflict> left = new ArrayList<>();
        for (ApplyConflictException.Conflict c : conflict.conflicts()) {
            if (!allowed.contains(c.path())) {
                left.add(c);
            }
        }
        if (!left.isEmpty()) {
            throw left.size() == conflict.conflicts().size() ? conflict : new ApplyConflictException(left);
        }
        return applyOnce(live, config, managed, id, true);
    }

    private FieldSet lastAppliedFields(ObjectNode live) {
        String text = live.path("metadata").path("annotations").path(LAST_APPLIED).asText("");
        if (text.isEmpty()) {
            return FieldSet.empty();
        }
        try {
            JsonNode lastApplied = PathElement.JSON.readTree(text);
            if (!lastApplied.isObject()) {
                return FieldSet.empty();
            }
            // Every field of the annotation must hold the live value.
            JsonNode merged = TypedValues.merge(live, lastApplied, schema);
            if (!TypedValues.compare(live, merged, schema).isSame()) {
                return FieldSet.empty();
            }
            return TypedValues.toFieldSet(lastApplied, schema);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return FieldSet.empty();
        }
    }

    /** Keeps kubectl's client-side annotation in step with what kubectl applied server-side, when it has one. */
    private static void syncLastApplied(ObjectNode obj, ObjectNode config) {
        JsonNode annotations = obj.path("metadata").path("annotations");
        if (!annotations.has(LAST_APPLIED)) {
            return;
        }
        ObjectNode value = config.deepCopy();
        JsonNode cfgAnnotations = value.path("metadata").path("annotations");
        if (cfgAnnotations.isObject()) {
            ((ObjectNode) cfgAnnotations).remove(LAST_APPLIED);
            if (cfgAnnotations.isEmpty()) {
                ((ObjectNode) value.get("metadata")).remove("annotations");
            }
        }
        ((ObjectNode) annotations).put(LAST_APPLIED, value.toString());
    }

    // ------------------------------------------------------------------ shared

    /** Update managers beyond ten merge, oldest first, into one {@code ancient-changes} entry per version. */
    private ManagedFields cap(ManagedFields managed) {
        List<String> updaters = new ArrayList<>();
        managed.sets.forEach((id, s) -> {
            if (!s.applied()) {
                updaters.add(id);
            }
        });
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return managed;
        }
        updaters.sort(Comparator.comparing(id -> managed.times.getOrDefault(id, "")));
        int count = updaters.size();
        Map<String, String> firstOfVersion = new LinkedHashMap<>();
        for (int i = 0; i < updaters.size() && count > MAX_UPDATE_MANAGERS; i++) {
            String id = updaters.get(i);
            ManagerSet s = managed.sets.get(id);
            String bucket = ManagedFields.identifier(ANCIENT_CHANGES, ManagedFields.UPDATE, s.apiVersion(), "");
            if (id.equals(bucket)) {
                continue;
            }
            if (!managed.sets.containsKey(bucket)) {
                String first = firstOfVersion.putIfAbsent(s.apiVersion(), id);
                if (first == null) {
                    continue; // merged into a bucket only once a second entry of its version is
                }
                managed.sets.put(bucket, managed.sets.remove(first));
                managed.times.remove(first);
            }
            managed.sets.put(bucket, s.withFields(managed.sets.get(bucket).fields().union(s.fields())));
            managed.sets.remove(id);
            String time = managed.times.remove(id);
            if (time != null) {
                managed.times.put(bucket, time); // the newer of the two
            }
            count--;
        }
        return managed;
    }

    private FieldSet ignored(JsonNode live, JsonNode updated) {
        return switch (reset) {
            case NONE -> FieldSet.empty();
            case STATUS -> FieldSet.of(FieldPath.of("status"));
            case ALL_BUT_STATUS -> {
                Set<String> top = new LinkedHashSet<>();
                live.fieldNames().forEachRemaining(top::add);
                updated.fieldNames().forEachRemaining(top::add);
                top.remove("status");
                yield FieldSet.of(top.stream().map(FieldPath::of).toList());
            }
        };
    }

    /** Removes and returns {@code metadata.managedFields} (null if absent). */
    private static JsonNode detachManagedFields(ObjectNode obj) {
        return obj.get("metadata") instanceof ObjectNode meta ? meta.remove("managedFields") : null;
    }

    private static void reattachManagedFields(ObjectNode obj, JsonNode entries) {
        if (entries != null && obj.get("metadata") instanceof ObjectNode meta) {
            meta.set("managedFields", entries);
        }
    }

    private static ObjectNode withoutManagedFields(ObjectNode obj) {
        JsonNode meta = obj.get("metadata");
        if (meta == null || !meta.has("managedFields")) {
            return obj;
        }
        ObjectNode copy = obj.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove("managedFields");
        return copy;
    }

    private static void setManagedFields(ObjectNode obj, ManagedFields managed) {
        ObjectNode meta = obj.has("metadata") && obj.get("metadata").isObject() ? (ObjectNode) obj.get("metadata")
                : obj.putObject("metadata");
        if (managed.isEmpty()) {
            meta.remove("managedFields");
        } else {
            meta.set("managedFields", managed.encode());
        }
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }
}
