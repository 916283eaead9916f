package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operations of structured-merge-diff on JSON values under an {@link ApplySchema}: the set of
 * fields a value sets, the comparison of two values, the merge of an applied configuration into
 * a live object and the removal of fields. Values are never modified; results are new trees.
 */
public final class TypedValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TypedValues() {
    }

    /** The fields changed between two values, by how. */
    public record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
        public boolean isSame() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }

        /** Without the ignored fields and everything below them. */
        public Comparison without(FieldSet ignored) {
            return new Comparison(added.recursiveDifference(ignored), modified.recursiveDifference(ignored),
                    removed.recursiveDifference(ignored));
        }
    }

    /** A value that does not fit its schema (a list element without its key, duplicate keys…). */
    public static final class InvalidValueException extends IllegalArgumentException {
        public InvalidValueException(FieldPath at, String message) {
            super((at.isEmpty() ? "" : at + ": ") + message);
        }
    }

    // ------------------------------------------------------------------ shape

    private static ApplySchema.Kind kind(ApplySchema s, JsonNode v) {
        if (s.kind() != ApplySchema.Kind.DEDUCED) {
            return s.kind();
        }
        return v.isObject() ? ApplySchema.Kind.MAP : v.isArray() ? ApplySchema.Kind.LIST : ApplySchema.Kind.SCALAR;
    }

    /** Whether the value is walked member by member rather than being one leaf. */
    private static boolean granular(ApplySchema s, JsonNode v) {
        return switch (kind(s, v)) {
            case STRUCT, MAP -> v.isObject() && !s.atomic();
            case LIST -> v.isArray() && s.listType() != ApplySchema.ListType.ATOMIC;
            default -> false;
        };
    }

    private static boolean sameContainer(JsonNode a, JsonNode b) {
        return a.isObject() && b.isObject() || a.isArray() && b.isArray();
    }

    /** The path element of a list element; lenient mode falls back to the index instead of failing. */
    static PathElement itemElement(ApplySchema list, JsonNode item, int index, FieldPath at, boolean lenient) {
        switch (list.listType()) {
            case SET -> {
                if (item.isContainerNode()) {
                    if (lenient) {
                        return new PathElement.Index(index);
                    }
                    throw new InvalidValueException(at, "expected a scalar in a set, got " + item.getNodeType().toString().toLowerCase());
                }
                return new PathElement.Value(item);
            }
            case MAP -> {
                if (!item.isObject()) {
                    if (lenient) {
                        return new PathElement.Index(index);
                    }
                    throw new InvalidValueException(at, "expected map, got " + item.getNodeType().toString().toLowerCase());
                }
                ObjectNode key = F.objectNode();
                for (String k : list.keys()) {
                    JsonNode v = item.get(k);
                    if (v == null || v.isNull()) {
                        v = list.keyDefault(k);
                    }
                    if (v == null) {
                        if (lenient) {
                            return new PathElement.Index(index);
                        }
                        throw new InvalidValueException(at, "associative list with keys has an element that omits key field \""
                                + k + "\" (and doesn't have default value)");
                    }
                    key.set(k, v);
                }
                return new PathElement.Key(key);
            }
            default -> {
                return new PathElement.Index(index);
            }
        }
    }

    /** The elements of a list by path element, first occurrence winning (live objects may repeat keys). */
    private static Map<PathElement, JsonNode> index(ApplySchema s, JsonNode list, FieldPath at, List<PathElement> order) {
        Map<PathElement, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            PathElement pe = itemElement(s, list.get(i), i, at, true);
            order.add(pe);
            out.putIfAbsent(pe, list.get(i));
        }
        return out;
    }

    // ------------------------------------------------------------------ field sets

    /** The fields a value sets (lenient: tolerates duplicate and key-less list elements, as for live objects). */
    public static FieldSet toFieldSet(JsonNode value, ApplySchema schema) {
        TreeSet<FieldPath> out = new TreeSet<>();
        collect(value, schema, FieldPath.ROOT, out, false);
        return FieldSet.of(out);
    }

    /** The fields an applied configuration sets; duplicate or key-less list elements are errors. */
    public static FieldSet toFieldSetStrict(JsonNode value, ApplySchema schema) {
        TreeSet<FieldPath> out = new TreeSet<>();
        collect(value, schema, FieldPath.ROOT, out, true);
        return FieldSet.of(out);
    }

    private static void collect(JsonNode v, ApplySchema s, FieldPath at, Set<FieldPath> out, boolean strict) {
        if (!granular(s, v)) {
            if (!at.isEmpty()) {
                out.add(at);
            }
            return;
        }
        if (v.isObject()) {
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                FieldPath p = at.child(e.getKey());
                JsonNode child = e.getValue();
                collect(child, s.field(e.getKey()), p, out, strict);
                if (child.isNull() || child.isObject() && child.isEmpty() || !s.declares(e.getKey())) {
                    out.add(p);
                }
            }
            return;
        }
        Set<PathElement> seen = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            PathElement pe = itemElement(s, v.get(i), i, at, !strict);
            if (strict && !seen.add(pe)) {
                throw new InvalidValueException(at, "duplicate entries for key " + pe);
            }
            FieldPath p = at.child(pe);
            collect(v.get(i), s.items(), p, out, strict);
            out.add(p);
        }
    }

    /**
     * Adds the declared fields above the set's paths as members: a manager of
     * {@code .spec.strategy.type} then also holds {@code .spec.strategy}, so pruning removes a
     * struct whole but a map (labels) only entry by entry.
     */
    public static FieldSet ensureNamedFieldsAreMembers(FieldSet set, ApplySchema root) {
        TreeSet<FieldPath> out = new TreeSet<>(set.paths());
        for (FieldPath p : set.paths()) {
            ApplySchema s = root;
            for (int i = 0; i < p.size() - 1; i++) {
                PathElement e = p.elements().get(i);
                if (e instanceof PathElement.Field f) {
                    if (s.kind() == ApplySchema.Kind.STRUCT && s.declares(f.name())) {
                        out.add(p.prefix(i + 1));
                    }
                    s = s.field(f.name());
                } else {
                    s = s.items();
                }
            }
        }
        return FieldSet.of(out);
    }

    // ------------------------------------------------------------------ compare

    /** How {@code rhs} differs from {@code lhs}. */
    public static Comparison compare(JsonNode lhs, JsonNode rhs, ApplySchema schema) {
        TreeSet<FieldPath> added = new TreeSet<>();
        TreeSet<FieldPath> modified = new TreeSet<>();
        TreeSet<FieldPath> removed = new TreeSet<>();
        compare(lhs, rhs, schema, FieldPath.ROOT, added, modified, removed);
        return new Comparison(FieldSet.of(added), FieldSet.of(modified), FieldSet.of(removed));
    }

    private static void compare(JsonNode l, JsonNode r, ApplySchema s, FieldPath at,
                                Set<FieldPath> added, Set<FieldPath> modified, Set<FieldPath> removed) {
        if (l != null && r != null && l.equals(r)) {
            // An equal subtree adds, modifies and removes nothing: most of an update (a status
            // write's spec and metadata) is skipped without building a path for each of its fields.
            return;
        }
        JsonNode any = r != null ? r : l;
        boolean walk = granular(s, any) && (l == null || r == null || sameContainer(l, r));
        if (walk && any.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            if (l != null) {
                l.fieldNames().forEachRemaining(keys::add);
            }
            if (r != null) {
                r.fieldNames().forEachRemaining(keys::add);
            }
            for (String k : keys) {
                compare(l == null ? null : l.get(k), r == null ? null : r.get(k), s.field(k), at.child(k),
                        added, modified, removed);
            }
        } else if (walk) {
            List<PathElement> order = new ArrayList<>();
            Map<PathElement, JsonNode> li = l == null ? Map.of() : index(s, l, at, order);
            Map<PathElement, JsonNode> ri = r == null ? Map.of() : index(s, r, at, order);
            for (PathElement pe : new LinkedHashSet<>(order)) {
                compare(li.get(pe), ri.get(pe), s.items(), at.child(pe), added, modified, removed);
            }
        }
        if (at.isEmpty()) {
            return;
        }
        if (l == null) {
            added.add(at);
        } else if (r == null) {
            removed.add(at);
        } else if (!walk && !JsonValueOrder.equal(l, r)) {
            modified.add(at);
        }
    }

    // ------------------------------------------------------------------ merge

    /** The live value with the applied configuration merged in: the configuration wins on every leaf it sets. */
    public static JsonNode merge(JsonNode live, JsonNode config, ApplySchema schema) {
        return merge(live, config, schema, FieldPath.ROOT);
    }

    private static JsonNode merge(JsonNode l, JsonNode r, ApplySchema s, FieldPath at) {
        if (r == null) {
            return l == null ? null : l.deepCopy();
        }
        if (l == null || !granular(s, r) || !sameContainer(l, r)) {
            return r.deepCopy();
        }
        if (r.isObject()) {
            ObjectNode out = ((ObjectNode) l).deepCopy();
            for (Map.Entry<String, JsonNode> e : r.properties()) {
                out.set(e.getKey(), merge(l.get(e.getKey()), e.getValue(), s.field(e.getKey()), at.child(e.getKey())));
            }
            return out;
        }
        return mergeList(l, r, s, at);
    }

    /**
     * Merges associative lists as upstream orders them: the applied elements in the applied
     * order, the live-only elements kept where they were relative to them.
     */
    private static ArrayNode mergeList(JsonNode l, JsonNode r, ApplySchema s, FieldPath at) {
        List<PathElement> lpe = new ArrayList<>();
        List<PathElement> rpe = new ArrayList<>();
        Map<PathElement, JsonNode> lmap = index(s, l, at, lpe);
        Map<PathElement, JsonNode> rmap = index(s, r, at, rpe);
        List<PathElement> shared = new ArrayList<>();
        for (PathElement pe : rpe) {
            if (lmap.containsKey(pe)) {
                shared.add(pe);
            }
        }
        int nextShared = 0;
        Set<PathElement> mergedR = new HashSet<>();
        ArrayNode out = F.arrayNode();
        int li = 0;
        int ri = 0;
        while (li < lpe.size() || ri < rpe.size()) {
            int before = li + ri;
            if (li < lpe.size() && ri < rpe.size()) {
                PathElement pe = lpe.get(li);
                if (pe.equals(rpe.get(ri))) {
                    if (mergedR.add(pe)) {
                        out.add(merge(lmap.get(pe), rmap.get(pe), s.items(), at.child(pe)));
                    }
                    li++;
                    ri++;
                    nextShared = advance(shared, nextShared, pe);
                    continue;
                }
                if (rmap.containsKey(pe) && nextShared < shared.size() && !shared.get(nextShared).equals(pe)) {
                    li++; // a shared element, but not the next one in the applied order
                    continue;
                }
            }
            if (li < lpe.size()) {
                PathElement pe = lpe.get(li);
                if (!rmap.containsKey(pe)) {
                    out.add(l.get(li).deepCopy());
                    li++;
                    continue;
                }
                if (mergedR.contains(pe)) {
                    li++;
                    continue;
                }
            }
            if (ri < rpe.size()) {
                PathElement pe = rpe.get(ri);
                if (mergedR.add(pe)) {
                    out.add(merge(lmap.get(pe), rmap.get(pe), s.items(), at.child(pe)));
                }
                ri++;
                nextShared = advance(shared, nextShared, pe);
            }
            if (li + ri == before) {
                li++; // cannot happen; keeps the loop finite whatever the input
            }
        }
        return out;
    }

    private static int advance(List<PathElement> shared, int next, PathElement merged) {
        return next < shared.size() && shared.get(next).equals(merged) ? next + 1 : next;
    }

    // ------------------------------------------------------------------ removal

    /** The value without the fields and list elements of {@code set} (each removed with everything below it). */
    public static JsonNode removeItems(JsonNode value, FieldSet set, ApplySchema schema) {
        if (set.isEmpty()) {
            return value.deepCopy();
        }
        return remove(value, set, schema, FieldPath.ROOT);
    }

    private static JsonNode remove(JsonNode v, FieldSet set, ApplySchema s, FieldPath at) {
        if (!granular(s, v)) {
            return v.deepCopy();
        }
        if (v.isObject()) {
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                FieldPath p = at.child(e.getKey());
                if (set.contains(p)) {
                    continue;
                }
                out.set(e.getKey(), set.hasChildren(p) ? remove(e.getValue(), set, s.field(e.getKey()), p)
                        : e.getValue().deepCopy());
            }
            return out;
        }
        ArrayNode out = F.arrayNode();
        for (int i = 0; i < v.size(); i++) {
            FieldPath p = at.child(itemElement(s, v.get(i), i, at, true));
            if (set.contains(p)) {
                continue;
            }
            out.add(set.hasChildren(p) ? remove(v.get(i), set, s.items(), p) : v.get(i).deepCopy());
        }
        return out;
    }
}
