package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch ({@code application/merge-patch+json}) as the Kubernetes apiserver
 * applies it (evanphx/json-patch v4 {@code MergePatch}): objects merge recursively, {@code null}
 * deletes a member, anything else (arrays included) replaces the target; nulls inside newly added
 * objects are dropped. The inputs are never modified.
 */
public final class MergePatch {

    /** Upstream's message for a merge patch that is not a JSON object or array. */
    public static final String INVALID_PATCH = "Invalid JSON Patch";

    private MergePatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code doc}.
     *
     * @return the merged document; an array patch yields the (null-pruned) array itself, as upstream
     * @throws PatchException 400 {@code Invalid JSON Patch} when the patch is null or a scalar
     */
    public static JsonNode apply(JsonNode doc, JsonNode patch) {
        if (JsonValues.isNil(patch) || !patch.isContainerNode()) {
            throw PatchException.badRequest(INVALID_PATCH);
        }
        if (patch.isArray()) {
            return pruneNulls(patch.deepCopy());
        }
        if (doc == null || !doc.isObject()) {
            return pruneNulls(patch.deepCopy());
        }
        ObjectNode result = ((ObjectNode) doc).deepCopy();
        mergeObjects(result, (ObjectNode) patch);
        return result;
    }

    private static void mergeObjects(ObjectNode doc, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                doc.remove(k);
                continue;
            }
            JsonNode cur = doc.get(k);
            if (cur == null || cur.isNull()) {
                doc.set(k, pruneNulls(v.deepCopy()));
            } else {
                doc.set(k, merge(cur, v));
            }
        }
    }

    private static JsonNode merge(JsonNode cur, JsonNode patch) {
        if (!cur.isObject()) {
            return pruneNulls(patch.deepCopy());
        }
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        mergeObjects((ObjectNode) cur, (ObjectNode) patch);
        return cur;
    }

    /** Drops null members of objects, recursively (array elements are kept, even nulls). */
    static JsonNode pruneNulls(JsonNode n) {
        if (n.isObject()) {
            ObjectNode obj = (ObjectNode) n;
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    pruneNulls(e.getValue());
                }
            }
            obj.remove(nulls);
        } else if (n.isArray()) {
            for (JsonNode item : (ArrayNode) n) {
                if (!item.isNull()) {
                    pruneNulls(item);
                }
            }
        }
        return n;
    }
}
