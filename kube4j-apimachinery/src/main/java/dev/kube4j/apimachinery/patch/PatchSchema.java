package dev.kube4j.apimachinery.patch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Strategic-merge-patch metadata of a kind: for each field path, its patch strategies
 * ({@code merge}, {@code retainKeys}, {@code replace}) and, for lists of objects, its merge key —
 * the facts upstream reads from the {@code patchStrategy}/{@code patchMergeKey} struct tags.
 *
 * <p>A schema is an immutable tree of fields. List elements share the node of their list, so
 * {@code spec.containers.ports} is the {@code ports} field of each container. Fields absent from
 * the tree have no strategy: maps merge recursively and lists are replaced.
 *
 * <pre>{@code
 * PatchSchema pod = PatchSchema.builder()
 *         .merge("spec.containers", "name")
 *         .merge("spec.containers.ports", "containerPort")
 *         .merge("metadata.finalizers")              // list of primitives: union
 *         .strategy("spec.volumes", "merge,retainKeys", "name")
 *         .build();
 * }</pre>
 */
public final class PatchSchema {

    public static final String MERGE = "merge";
    public static final String RETAIN_KEYS = "retainKeys";
    public static final String REPLACE = "replace";

    private static final PatchSchema EMPTY = new PatchSchema(List.of(), "", Map.of());

    private final List<String> strategies;
    private final String mergeKey;
    private final Map<String, PatchSchema> fields;

    private PatchSchema(List<String> strategies, String mergeKey, Map<String, PatchSchema> fields) {
        this.strategies = strategies;
        this.mergeKey = mergeKey;
        this.fields = fields;
    }

    /** No strategies anywhere: maps merge, lists are replaced (JSON-merge-like behaviour). */
    public static PatchSchema empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The schema of a field of this object, or of the objects in this list; empty when unknown. */
    public PatchSchema field(String name) {
        PatchSchema s = fields.get(name);
        return s == null ? EMPTY : s;
    }

    /** The schema at a dotted path, e.g. {@code spec.template.spec.containers}. */
    public PatchSchema at(String dottedPath) {
        PatchSchema s = this;
        for (String part : dottedPath.split("\\.")) {
            s = s.field(part);
        }
        return s;
    }

    /** The patch strategies of this field, e.g. {@code [merge, retainKeys]}; empty when none. */
    public List<String> patchStrategies() {
        return strategies;
    }

    /** The merge key of this list field, or "" when it has none. */
    public String patchMergeKey() {
        return mergeKey;
    }

    public boolean hasStrategy(String strategy) {
        return strategies.contains(strategy);
    }

    public boolean isEmpty() {
        return strategies.isEmpty() && mergeKey.isEmpty() && fields.isEmpty();
    }

    /** The names of the fields that have metadata below this node. */
    public java.util.Set<String> fieldNames() {
        return fields.keySet();
    }

    /** One line per field with metadata, {@code path strategies [mergeKey]}, sorted; for debugging and tests. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        describe("", lines);
        Collections.sort(lines);
        return String.join("\n", lines);
    }

    private void describe(String path, List<String> out) {
        if (!path.isEmpty() && (!strategies.isEmpty() || !mergeKey.isEmpty())) {
            out.add(path + " " + String.join(",", strategies) + (mergeKey.isEmpty() ? "" : " " + mergeKey));
        }
        fields.forEach((name, child) -> child.describe(path.isEmpty() ? name : path + "." + name, out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatchSchema other && strategies.equals(other.strategies)
                && mergeKey.equals(other.mergeKey) && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategies, mergeKey, fields);
    }

    /** Builds a schema from dotted paths; later calls for the same path override earlier ones. */
    public static final class Builder {

        private final Node root = new Node();

        private Builder() {
        }

        /** A list merged by {@code mergeKey} (a list of objects), the {@code merge} strategy. */
        public Builder merge(String path, String mergeKey) {
            return strategy(path, MERGE, mergeKey);
        }

        /** A list of primitives merged as an ordered set, e.g. {@code metadata.finalizers}. */
        public Builder merge(String path) {
            return strategy(path, MERGE, "");
        }

        /** A field with the {@code retainKeys} strategy, e.g. a Deployment's {@code spec.strategy}. */
        public Builder retainKeys(String path) {
            return strategy(path, RETAIN_KEYS, "");
        }

        /** A field replaced as a whole, e.g. a PodDisruptionBudget's {@code spec.selector}. */
        public Builder replace(String path) {
            return strategy(path, REPLACE, "");
        }

        /** Comma-separated strategies as in a struct tag ({@code merge,retainKeys}) and a merge key (or ""). */
        public Builder strategy(String path, String strategies, String mergeKey) {
            Node n = node(path);
            n.strategies = strategies == null || strategies.isEmpty() ? List.of() : List.of(strategies.split(","));
            n.mergeKey = mergeKey == null ? "" : mergeKey;
            return this;
        }

        /** Mounts the metadata of {@code schema} below {@code path} (e.g. a pod spec at {@code spec.template.spec}). */
        public Builder include(String path, PatchSchema schema) {
            Node n = path == null || path.isEmpty() ? root : node(path);
            n.absorb(schema);
            return this;
        }

        /** Adds the metadata of {@code schema} at the root. */
        public Builder include(PatchSchema schema) {
            return include("", schema);
        }

        public PatchSchema build() {
            return root.freeze();
        }

        private Node node(String path) {
            Node n = root;
            for (String part : Arrays.asList(path.split("\\."))) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("bad path: " + path);
                }
                n = n.children.computeIfAbsent(part, k -> new Node());
            }
            return n;
        }
    }

    private static final class Node {
        List<String> strategies = List.of();
        String mergeKey = "";
        final Map<String, Node> children = new LinkedHashMap<>();

        void absorb(PatchSchema schema) {
            if (!schema.strategies.isEmpty() || !schema.mergeKey.isEmpty()) {
                strategies = schema.strategies;
                mergeKey = schema.mergeKey;
            }
            schema.fields.forEach((name, child) -> children.computeIfAbsent(name, k -> new Node()).absorb(child));
        }

        PatchSchema freeze() {
            if (strategies.isEmpty() && mergeKey.isEmpty() && children.isEmpty()) {
                return EMPTY;
            }
            Map<String, PatchSchema> frozen = new LinkedHashMap<>();
            children.forEach((name, child) -> frozen.put(name, child.freeze()));
            return new PatchSchema(strategies, mergeKey, Collections.unmodifiableMap(frozen));
        }
    }
}
