package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A set of {@link FieldPath}s: the fields a manager owns, or the fields two objects differ in.
 * A path in the set stands for that field (or list element) itself; paths below it are separate
 * members. Kept as a sorted set of whole paths — sets are small (one per field of an object) —
 * and encoded as upstream's FieldsV1 trees.
 */
public final class FieldSet {

    private static final FieldSet EMPTY = new FieldSet(new TreeSet<>());

    private final NavigableSet<FieldPath> paths;

    private FieldSet(NavigableSet<FieldPath> paths) {
        this.paths = paths;
    }

    public static FieldSet empty() {
        return EMPTY;
    }

    public static FieldSet of(Collection<FieldPath> paths) {
        return new FieldSet(new TreeSet<>(paths));
    }

    public static FieldSet of(FieldPath... paths) {
        return of(List.of(paths));
    }

    public boolean contains(FieldPath p) {
        return paths.contains(p);
    }

    /** Whether the set holds {@code p} or any path below it. */
    public boolean containsPrefix(FieldPath p) {
        FieldPath next = paths.ceiling(p);
        return next != null && p.isPrefixOf(next);
    }

    /** Whether the set holds a path strictly below {@code p}. */
    public boolean hasChildren(FieldPath p) {
        FieldPath next = paths.higher(p);
        return next != null && p.isPrefixOf(next);
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public int size() {
        return paths.size();
    }

    /** The paths, sorted. */
    public NavigableSet<FieldPath> paths() {
        return Collections.unmodifiableNavigableSet(paths);
    }

    public FieldSet union(FieldSet other) {
        // Sets are immutable, so an operand can stand for the result: most updates change a few
        // fields and leave every other manager's set as it was.
        if (other.paths.isEmpty()) {
            return this;
        }
        if (paths.isEmpty()) {
            return other;
        }
        TreeSet<FieldPath> out = new TreeSet<>(paths);
        out.addAll(other.paths);
        return new FieldSet(out);
    }

    public FieldSet difference(FieldSet other) {
        if (!overlaps(other)) {
            return this;
        }
        TreeSet<FieldPath> out = new TreeSet<>(paths);
        out.removeAll(other.paths);
        return new FieldSet(out);
    }

    /** Whether the two sets share a path (looked up from the smaller one). */
    private boolean overlaps(FieldSet other) {
        NavigableSet<FieldPath> small = paths.size() <= other.paths.size() ? paths : other.paths;
        NavigableSet<FieldPath> large = small == paths ? other.paths : paths;
        for (FieldPath p : small) {
            if (large.contains(p)) {
                return true;
            }
        }
        return false;
    }

    public FieldSet intersection(FieldSet other) {
        TreeSet<FieldPath> out = new TreeSet<>(paths);
        out.retainAll(other.paths);
        return new FieldSet(out);
    }

    /** The paths that are neither in {@code other} nor below one of its paths. */
    public FieldSet recursiveDifference(FieldSet other) {
        return filter(p -> {
            for (int i = 0; i <= p.size(); i++) {
                if (other.contains(p.prefix(i))) {
                    return false;
                }
            }
            return true;
        });
    }

    public FieldSet filter(Predicate<FieldPath> keep) {
        TreeSet<FieldPath> out = new TreeSet<>();
        for (FieldPath p : paths) {
            if (keep.test(p)) {
                out.add(p);
            }
        }
        return new FieldSet(out);
    }

    // ------------------------------------------------------------------ FieldsV1

    /**
     * The FieldsV1 tree: each element is a key ({@code f:}, {@code k:}, {@code v:}, {@code i:})
     * whose value is {@code {}} for a member without members below, else an object of the
     * members below, with {@code ".": {}} first when the element itself is a member too.
     */
    public ObjectNode toFieldsV1() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        emit(new ArrayList<>(paths), 0, out);
        return out;
    }

    private static void emit(List<FieldPath> group, int depth, ObjectNode out) {
        int i = 0;
        while (i < group.size()) {
            PathElement e = group.get(i).elements().get(depth);
            boolean member = false;
            List<FieldPath> below = new ArrayList<>();
            while (i < group.size() && group.get(i).elements().get(depth).equals(e)) {
                if (group.get(i).size() == depth + 1) {
                    member = true;
                } else {
                    below.add(group.get(i));
                }
                i++;
            }
            ObjectNode node = out.putObject(e.encode());
            if (!below.isEmpty()) {
                if (member) {
                    node.putObject(".");
                }
                emit(below, depth + 1, node);
            }
        }
    }

    /** Parses a FieldsV1 tree; throws IllegalArgumentException with upstream-like wording when malformed. */
    public static FieldSet fromFieldsV1(JsonNode fieldsV1) {
        TreeSet<FieldPath> out = new TreeSet<>();
        if (fieldsV1 == null || fieldsV1.isNull()) {
            return new FieldSet(out);
        }
        if (!fieldsV1.isObject()) {
            throw new IllegalArgumentException("expected an object, got " + fieldsV1.getNodeType().toString().toLowerCase());
        }
        read(fieldsV1, FieldPath.ROOT, out);
        return new FieldSet(out);
    }

    private static void read(JsonNode node, FieldPath at, TreeSet<FieldPath> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(".")) {
                if (!at.isEmpty()) {
                    out.add(at);
                }
                continue;
            }
            FieldPath p = at.child(PathElement.decode(e.getKey()));
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw new IllegalArgumentException("expected an object for " + p + ", got " + v.getNodeType().toString().toLowerCase());
            }
            if (v.isEmpty()) {
                out.add(p);
            } else {
                read(v, p, out);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet s && paths.equals(s.paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    /** One path per line, for tests and debugging. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        paths.forEach(p -> b.append(p).append('\n'));
        return b.toString();
    }
}
