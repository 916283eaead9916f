package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the fields a structural schema does not declare, as upstream's pruning does on every
 * write and read of a custom resource, and reports what it dropped (for {@code fieldValidation}).
 * {@code apiVersion}, {@code kind} and {@code metadata} stay at the root and in embedded resources;
 * {@code x-kubernetes-preserve-unknown-fields} keeps unknown fields at its level.
 */
public final class SchemaPruner {

    private static final Set<String> TYPE_META = Set.of("apiVersion", "kind", "metadata");

    private SchemaPruner() {
    }

    /** Prunes the custom resource in place; returns the paths pruned, e.g. {@code spec.foo}, in document order. */
    public static List<String> prune(ObjectNode object, StructuralSchema root) {
        List<String> pruned = new ArrayList<>();
        pruneObject(object, root, "", true, pruned);
        return pruned;
    }

    /** The fields pruning would drop, without changing the object. */
    public static List<String> unknownFields(JsonNode object, StructuralSchema root) {
        if (!(object instanceof ObjectNode o)) {
            return List.of();
        }
        return prune(o.deepCopy(), root);
    }

    private static void prune(JsonNode v, StructuralSchema s, String path, List<String> pruned) {
        if (s == null) {
            return;
        }
        if (v instanceof ObjectNode o) {
            pruneObject(o, s, path, s.embeddedResource(), pruned);
        } else if (v.isArray() && s.items() != null) {
            for (int i = 0; i < v.size(); i++) {
                prune(v.get(i), s.items(), path + "[" + i + "]", pruned);
            }
        }
    }

    private static void pruneObject(ObjectNode o, StructuralSchema s, String path, boolean keepTypeMeta, List<String> pruned) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (keepTypeMeta && TYPE_META.contains(key)) {
                continue; // type meta and ObjectMeta, whatever the schema says
            }
            if (!s.knows(key)) {
                pruned.add(childPath);
                it.remove();
                continue;
            }
            StructuralSchema fs = s.field(key);
            if (fs != null) {
                prune(e.getValue(), fs, childPath, pruned);
            }
        }
    }
}
