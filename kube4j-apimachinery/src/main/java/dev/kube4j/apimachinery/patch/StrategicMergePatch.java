package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) with the semantics of
 * upstream's server-side {@code StrategicMergeMapPatch}:
 *
 * <ul>
 *   <li>objects merge recursively and {@code null} deletes a member;</li>
 *   <li>lists whose field has the {@code merge} strategy merge: lists of objects by their merge
 *       key (matching elements merge recursively), lists of primitives as an ordered set; the
 *       order of the patch wins for the elements it names, the live order for the others, and new
 *       elements not placed by {@code $setElementOrder} come first, as upstream;</li>
 *   <li>other lists, and every list of a field absent from the {@link PatchSchema}, are replaced;</li>
 *   <li>directives: {@code $patch: replace|delete} on objects, {@code $patch: delete|replace} as a
 *       list element, {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>} and
 *       {@code $retainKeys}.</li>
 * </ul>
 *
 * <p>Errors carry upstream's statuses: malformed directives are 400s, lists of lists a 422, other
 * failures (a missing merge key, an unknown {@code $patch} value…) a 500 with upstream's message,
 * which kubectl prints as {@code Error from server: <message>}. Inputs are never modified.
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String DELETE = "delete";
    static final String REPLACE = "replace";
    static final String MERGE = "merge";
    static final String RETAIN_KEYS_DIRECTIVE = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    static final String ERR_BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
    static final String ERR_BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
    static final String ERR_BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";
    static final String ERR_NO_LIST_OF_LISTS = "lists of lists are not supported";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrategicMergePatch() {
    }

    /**
     * Applies a strategic merge patch to a copy of {@code original}.
     *
     * @param original the current object
     * @param patch    the patch; must be a JSON object
     * @param schema   the patch strategies of the kind ({@link PatchSchema#empty()} for none)
     * @return the patched object, without leftover directive keys
     * @throws PatchException as described on the class
     */
    public static ObjectNode apply(ObjectNode original, JsonNode patch, PatchSchema schema) {
        ObjectNode orig = original == null ? NODES.objectNode() : original.deepCopy();
        if (JsonValues.isNil(patch)) {
            return orig; // upstream decodes "null" into an empty patch
        }
        if (!patch.isObject()) {
            throw PatchException.badRequest(GoText.unmarshalError(patch, "map[string]interface {}"));
        }
        ObjectNode p = ((ObjectNode) patch).deepCopy();
        ObjectNode result = mergeMap(orig, p, schema == null ? PatchSchema.empty() : schema);
        stripDirectives(result);
        return result;
    }

    // -----------------------------------------------------------------------------------------
    // maps

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        if (patch.has(DIRECTIVE)) {
            return handleDirectiveInMergeMap(patch.get(DIRECTIVE), patch);
        }
        if (original == null) {
            original = NODES.objectNode();
        }
        applyRetainKeysDirective(original, patch);
        mergePatchIntoOriginal(original, patch, schema);

        for (String key : keys(patch)) {
            JsonNode patchV = patch.get(key);
            if (patchV == null) {
                continue;
            }
            String k = key;
            boolean isDeleteList = false;
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                k = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
                isDeleteList = true;
            }
            if (patchV.isNull()) {
                original.remove(k);
                continue;
            }
            JsonNode origV = original.get(k);
            if (origV == null) {
                if (!isDeleteList) {
                    discardNullValues(patchV);
                    setOrRemove(original, k, removeDirectives(patchV));
                }
                continue;
            }
            boolean bothMaps = origV.isObject() && patchV.isObject();
            boolean bothLists = origV.isArray() && patchV.isArray();
            if (!bothMaps && !bothLists && (origV.isContainerNode() || patchV.isContainerNode() || origV.isNull())) {
                // different types: the patch value wins
                if (!isDeleteList) {
                    discardNullValues(patchV);
                    setOrRemove(original, k, removeDirectives(patchV));
                }
                continue;
            }
            PatchSchema sub = schema.field(k);
            if (bothMaps) {
                String strategy = otherStrategy(sub.patchStrategies());
                original.set(k, mergeMapHandler((ObjectNode) origV, (ObjectNode) patchV, sub, strategy));
            } else if (bothLists) {
                String strategy = otherStrategy(sub.patchStrategies());
                original.set(k, toArray(mergeSliceHandler(elements(origV), elements(patchV), sub, strategy,
                        sub.patchMergeKey(), isDeleteList)));
            } else {
                setOrRemove(original, k, removeDirectives(patchV));
            }
        }
        return original;
    }

    private static void setOrRemove(ObjectNode obj, String key, JsonNode value) {
        if (value == null) {
            obj.remove(key);
        } else {
            obj.set(key, value);
        }
    }

    private static ObjectNode handleDirectiveInMergeMap(JsonNode directive, ObjectNode patch) {
        if (isText(directive, REPLACE)) {
            patch.remove(DIRECTIVE);
            return patch;
        }
        if (isText(directive, DELETE)) {
            return NODES.objectNode();
        }
        throw badPatchType(directive, patch);
    }

    private static ObjectNode mergeMapHandler(ObjectNode original, ObjectNode patch, PatchSchema schema, String strategy) {
        if (!REPLACE.equals(strategy)) {
            return mergeMap(original, patch, schema);
        }
        return patch;
    }

    /** Keeps only the keys listed in {@code $retainKeys}; every key of the patch must be listed. */
    private static void applyRetainKeysDirective(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS_DIRECTIVE);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchException.badRequest(ERR_BAD_RETAIN_KEYS);
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode v : retain) {
            if (v.isTextual()) {
                keep.add(v.textValue());
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw PatchException.badRequest(ERR_BAD_RETAIN_KEYS);
            }
        }
        List<String> drop = new ArrayList<>();
        for (String k : keys(original)) {
            if (!keep.contains(k)) {
                drop.add(k);
            }
        }
        original.remove(drop);
    }

    /** Processes every {@code $setElementOrder/<list>} together with its list, then removes both from the patch. */
    private static void mergePatchIntoOriginal(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        for (String key : keys(patch)) {
            if (!key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(key);
            if (!order.isArray()) {
                throw badArgType("[]interface {}", order);
            }
            List<JsonNode> setOrder = elements(order);
            String originalKey = extractKey(key, SET_ELEMENT_ORDER);
            JsonNode originalList = original.get(originalKey);
            JsonNode patchList = patch.get(originalKey);
            boolean foundOriginal = originalList != null;
            boolean foundPatch = patchList != null;
            if (foundOriginal && !originalList.isArray()) {
                throw badArgType("[]interface {}", originalList);
            }
            if (foundPatch && !patchList.isArray()) {
                throw badArgType("[]interface {}", patchList);
            }
            List<JsonNode> originalItems = foundOriginal ? elements(originalList) : List.of();
            List<JsonNode> patchItems0 = foundPatch ? elements(patchList) : List.of();
            PatchSchema sub = schema.field(originalKey);
            String strategy = otherStrategy(sub.patchStrategies());
            String mergeKey = sub.patchMergeKey();
            validatePatchWithSetOrderList(patchItems0, setOrder, mergeKey);

            List<JsonNode> merged;
            if (foundOriginal && !foundPatch) {
                merged = new ArrayList<>(originalItems);
            } else if (!foundOriginal && foundPatch) {
                merged = elements(removeDirectives(patchList));
            } else if (foundOriginal) {
                merged = mergeSliceHandler(new ArrayList<>(originalItems), patchItems0, sub, strategy, mergeKey, false);
            } else {
                continue;
            }

            Partition parts = mergeKey.isEmpty()
                    ? partitionPrimitives(merged, setOrder)
                    : partitionMaps(merged, setOrder, mergeKey);
            ElementType kind = sliceElementType(originalItems, patchItems0);
            List<JsonNode> ordered = normalizeElementOrder(parts.inPatch(), parts.serverOnly(), setOrder,
                    originalItems, mergeKey, kind);
            original.set(originalKey, toArray(ordered));
            patch.remove(originalKey);
        }
    }

    /**
     * Checks that the relative order of the patch list agrees with {@code $setElementOrder} and that
     * the patch's elements are all in it (deletions aside).
     */
    private static void validatePatchWithSetOrderList(List<JsonNode> patchList, List<JsonNode> setOrder, String mergeKey) {
        if (setOrder.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> nonDelete = mergeKey.isEmpty() ? patchList : extractToDeleteItems(patchList).keep();
        int pi = 0;
        int si = 0;
        while (pi < nonDelete.size() && si < setOrder.size()) {
            if (nonDelete.get(pi).isObject() && nonDelete.get(pi).has(DIRECTIVE)) {
                pi++;
                continue;
            }
            if (mergeKeyValueEqual(nonDelete.get(pi), setOrder.get(si), mergeKey)) {
                pi++;
            }
            si++;
        }
        if (pi < nonDelete.size() && si >= setOrder.size()) {
            throw PatchException.unclassified("The order in patch list:\n" + GoText.list(patchList)
                    + "\n doesn't match " + SET_ELEMENT_ORDER + " list:\n" + GoText.list(setOrder) + "\n");
        }
    }

    private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) {
        if (mergeKey.isEmpty()) {
            return JsonValues.equal(left, right);
        }
        if (!left.isObject()) {
            throw badArgType("map[string]interface {}", left);
        }
        if (!right.isObject()) {
            throw badArgType("map[string]interface {}", right);
        }
        if (!left.has(mergeKey)) {
            throw noMergeKey(left, mergeKey);
        }
        if (!right.has(mergeKey)) {
            throw noMergeKey(right, mergeKey);
        }
        return JsonValues.equal(left.get(mergeKey), right.get(mergeKey));
    }

    // -----------------------------------------------------------------------------------------
    // lists

    private static List<JsonNode> mergeSliceHandler(List<JsonNode> original, List<JsonNode> patch, PatchSchema schema,
                                                    String strategy, String mergeKey, boolean isDeleteList) {
        if (MERGE.equals(strategy) || isDeleteList) {
            return mergeSlice(original, patch, schema, mergeKey, isDeleteList);
        }
        return patch;
    }

    private static List<JsonNode> mergeSlice(List<JsonNode> original, List<JsonNode> patch, PatchSchema schema,
                                             String mergeKey, boolean isDeleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        ElementType kind = sliceElementType(original, patch);
        List<JsonNode> merged;
        if (kind != ElementType.MAP) {
            if (isDeleteList) {
                return deleteFromSlice(original, patch);
            }
            List<JsonNode> both = new ArrayList<>(original);
            both.addAll(patch);
            merged = deduplicateScalars(both);
        } else {
            if (mergeKey.isEmpty()) {
                throw PatchException.unclassified("cannot merge lists without merge key for struct");
            }
            Special special = mergeSliceWithSpecialElements(original, patch, mergeKey);
            original = special.original();
            patch = special.patch();
            merged = mergeSliceWithoutSpecialElements(new ArrayList<>(original), patch, mergeKey, schema);
        }
        Partition parts = mergeKey.isEmpty()
                ? partitionPrimitives(merged, patch)
                : partitionMaps(merged, patch, mergeKey);
        return normalizeElementOrder(parts.inPatch(), parts.serverOnly(), patch, original, mergeKey, kind);
    }

    private record Special(List<JsonNode> original, List<JsonNode> patch) {
    }

    /** Applies {@code $patch: delete} and {@code $patch: replace} elements; returns the rest of the patch. */
    private static Special mergeSliceWithSpecialElements(List<JsonNode> original, List<JsonNode> patch, String mergeKey) {
        List<JsonNode> plain = new ArrayList<>();
        List<JsonNode> current = new ArrayList<>(original);
        boolean replace = false;
        for (JsonNode v : patch) {
            JsonNode directive = v.get(DIRECTIVE);
            if (directive == null) {
                plain.add(v);
            } else if (isText(directive, DELETE)) {
                if (!v.has(mergeKey)) {
                    throw noMergeKey(v, mergeKey);
                }
                JsonNode value = v.get(mergeKey);
                current = deleteMatchingEntries(current, mergeKey, value);
            } else if (isText(directive, REPLACE)) {
                replace = true;
            } else if (isText(directive, MERGE)) {
                throw PatchException.unclassified("merging lists cannot yet be specified in the patch");
            } else {
                throw badPatchType(directive, v);
            }
        }
        if (replace) {
            return new Special(plain, List.of());
        }
        return new Special(current, plain);
    }

    private static List<JsonNode> deleteMatchingEntries(List<JsonNode> original, String mergeKey, JsonNode value) {
        List<JsonNode> out = new ArrayList<>(original.size());
        for (int i = 0; i < original.size(); i++) {
            JsonNode item = original.get(i);
            if (!item.isObject()) {
                throw PatchException.unclassified("value for key " + i + " is not a map");
            }
            if (!(item.has(mergeKey) && JsonValues.equal(item.get(mergeKey), value))) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<JsonNode> mergeSliceWithoutSpecialElements(List<JsonNode> original, List<JsonNode> patch,
                                                                   String mergeKey, PatchSchema schema) {
        for (JsonNode v : patch) {
            if (!v.has(mergeKey)) {
                throw noMergeKey(v, mergeKey);
            }
            int idx = findMapInSlice(original, mergeKey, v.get(mergeKey));
            if (idx >= 0) {
                original.set(idx, mergeMap((ObjectNode) original.get(idx), (ObjectNode) v, schema));
            } else {
                original.add(v);
            }
        }
        return original;
    }

    /** The index of the object whose {@code key} equals {@code value}, or -1. */
    private static int findMapInSlice(List<JsonNode> list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw PatchException.unclassified("value for key " + i + " is not a map");
            }
            if (item.has(key) && JsonValues.equal(item.get(key), value)) {
                return i;
            }
        }
        return -1;
    }

    private static List<JsonNode> deleteFromSlice(List<JsonNode> current, List<JsonNode> toDelete) {
        List<JsonNode> out = new ArrayList<>(current.size());
        for (JsonNode v : current) {
            if (indexOf(toDelete, v) < 0) {
                out.add(v);
            }
        }
        return out;
    }

    /** Upstream's in-place de-duplication (a duplicate is overwritten by the last element). */
    private static List<JsonNode> deduplicateScalars(List<JsonNode> s) {
        List<JsonNode> list = new ArrayList<>(s);
        int length = list.size() - 1;
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j <= length; j++) {
                if (JsonValues.equal(list.get(i), list.get(j))) {
                    list.set(j, list.get(length));
                    list.remove(length);
                    length--;
                    j--;
                }
            }
        }
        return list;
    }

    private record Partition(List<JsonNode> inPatch, List<JsonNode> serverOnly) {
    }

    private static Partition partitionPrimitives(List<JsonNode> original, List<JsonNode> partitionBy) {
        List<JsonNode> in = new ArrayList<>();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : original) {
            (indexOf(partitionBy, v) >= 0 ? in : out).add(v);
        }
        return new Partition(in, out);
    }

    private static Partition partitionMaps(List<JsonNode> original, List<JsonNode> partitionBy, String mergeKey) {
        List<JsonNode> in = new ArrayList<>();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : original) {
            if (!v.isObject()) {
                throw badArgType("map[string]interface {}", v);
            }
            if (!v.has(mergeKey)) {
                throw noMergeKey(v, mergeKey);
            }
            (findMapInSlice(partitionBy, mergeKey, v.get(mergeKey)) >= 0 ? in : out).add(v);
        }
        return new Partition(in, out);
    }

    /**
     * Orders the patch's items by {@code patchOrder} and the server-only items by {@code serverOrder},
     * then interleaves them: a server-only item goes before a patch item when both are in the live
     * list and it came first there; otherwise the patch item goes first.
     */
    private static List<JsonNode> normalizeElementOrder(List<JsonNode> patch, List<JsonNode> serverOnly,
                                                        List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                                                        String mergeKey, ElementType kind) {
        List<JsonNode> p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
        List<JsonNode> s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
        return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
    }

    private static List<JsonNode> normalizeSliceOrder(List<JsonNode> toSort, List<JsonNode> order, String mergeKey,
                                                      ElementType kind) {
        List<JsonNode> sorted = new ArrayList<>(toSort);
        List<JsonNode> toDelete = List.of();
        if (kind == ElementType.MAP) {
            validateMergeKeyInLists(mergeKey, toSort, order);
            Deletions d = extractToDeleteItems(toSort);
            sorted = new ArrayList<>(d.keep());
            toDelete = d.delete();
        }
        // the insertion sort of Go's sort.SliceStable, with upstream's (partial) order
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0 && sortLess(sorted.get(j), sorted.get(j - 1), order, mergeKey, kind); j--) {
                JsonNode t = sorted.get(j);
                sorted.set(j, sorted.get(j - 1));
                sorted.set(j - 1, t);
            }
        }
        sorted.addAll(toDelete);
        return sorted;
    }

    private static boolean sortLess(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, ElementType kind) {
        int ia = index(order, a, mergeKey, kind);
        if (ia >= 0) {
            int ib = index(order, b, mergeKey, kind);
            if (ib >= 0) {
                return ia < ib;
            }
        }
        return true;
    }

    private static List<JsonNode> mergeSortedSlice(List<JsonNode> left, List<JsonNode> right, List<JsonNode> serverOrder,
                                                   String mergeKey, ElementType kind) {
        int size = left.size() + right.size();
        List<JsonNode> out = new ArrayList<>(size);
        int i = 0;
        int j = 0;
        for (int k = 0; k < size; k++) {
            if (i >= left.size() && j < right.size()) {
                out.add(right.get(j++));
            } else if (j >= right.size() && i < left.size()) {
                out.add(left.get(i++));
            } else {
                int li = index(serverOrder, left.get(i), mergeKey, kind);
                int ri = index(serverOrder, right.get(j), mergeKey, kind);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(left.get(i++));
                } else {
                    out.add(right.get(j++));
                }
            }
        }
        return out;
    }

    /** The index in {@code list} of the item with the same merge key value (maps) or the same value. */
    private static int index(List<JsonNode> list, JsonNode item, String mergeKey, ElementType kind) {
        if (kind == ElementType.MAP) {
            JsonNode want = item.isObject() ? item.get(mergeKey) : null;
            for (int i = 0; i < list.size(); i++) {
                JsonNode v = list.get(i);
                JsonNode have = v.isObject() ? v.get(mergeKey) : null;
                if (JsonValues.equal(want, have)) {
                    return i;
                }
            }
            return -1;
        }
        return indexOf(list, item);
    }

    private static int indexOf(List<JsonNode> list, JsonNode item) {
        for (int i = 0; i < list.size(); i++) {
            if (JsonValues.equal(list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    private static void validateMergeKeyInLists(String mergeKey, List<JsonNode> a, List<JsonNode> b) {
        for (List<JsonNode> list : List.of(a, b)) {
            for (JsonNode item : list) {
                if (!item.isObject()) {
                    throw badArgType("map[string]interface {}", item);
                }
                if (!item.has(mergeKey)) {
                    throw noMergeKey(item, mergeKey);
                }
            }
        }
    }

    private record Deletions(List<JsonNode> keep, List<JsonNode> delete) {
    }

    private static Deletions extractToDeleteItems(List<JsonNode> list) {
        List<JsonNode> keep = new ArrayList<>();
        List<JsonNode> delete = new ArrayList<>();
        for (JsonNode v : list) {
            if (!v.isObject()) {
                throw badArgType("map[string]interface {}", v);
            }
            (isText(v.get(DIRECTIVE), DELETE) ? delete : keep).add(v);
        }
        return new Deletions(keep, delete);
    }

    /** Go's dynamic types of decoded JSON, as far as list merging distinguishes them. */
    private enum ElementType {
        MAP, STRING, INT, FLOAT, BOOL, NIL
    }

    private static ElementType typeOf(JsonNode v) {
        if (JsonValues.isNil(v)) {
            return ElementType.NIL;
        }
        if (v.isObject()) {
            return ElementType.MAP;
        }
        if (v.isTextual()) {
            return ElementType.STRING;
        }
        if (v.isIntegralNumber()) {
            return ElementType.INT;
        }
        if (v.isNumber()) {
            return ElementType.FLOAT;
        }
        if (v.isBoolean()) {
            return ElementType.BOOL;
        }
        return ElementType.NIL;
    }

    @SafeVarargs
    private static ElementType sliceElementType(List<JsonNode>... slices) {
        ElementType prev = null;
        for (List<JsonNode> s : slices) {
            for (JsonNode v : s) {
                if (v.isArray()) {
                    if (prev == null) {
                        throw PatchException.unprocessable(ERR_NO_LIST_OF_LISTS);
                    }
                    throw notIdentical(slices);
                }
                ElementType t = typeOf(v);
                if (prev == null) {
                    prev = t;
                } else if (prev != t) {
                    throw notIdentical(slices);
                }
            }
        }
        if (prev == null) {
            throw PatchException.unclassified("no elements in any of the given slices");
        }
        return prev;
    }

    private static PatchException notIdentical(List<JsonNode>[] slices) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < slices.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(GoText.list(slices[i]));
        }
        return PatchException.unclassified("list element types are not identical: " + sb.append(']'));
    }

    // -----------------------------------------------------------------------------------------
    // helpers

    /** The strategy other than {@code retainKeys} (which only matters when patches are computed). */
    private static String otherStrategy(List<String> strategies) {
        switch (strategies.size()) {
            case 0:
                return "";
            case 1:
                return PatchSchema.RETAIN_KEYS.equals(strategies.get(0)) ? "" : strategies.get(0);
            case 2:
                if (PatchSchema.RETAIN_KEYS.equals(strategies.get(0))) {
                    return strategies.get(1);
                }
                if (PatchSchema.RETAIN_KEYS.equals(strategies.get(1))) {
                    return strategies.get(0);
                }
                // fall through
            default:
                throw PatchException.unclassified("unexpected patch strategy: [" + String.join(" ", strategies) + "]");
        }
    }

    /** The list key of a {@code $prefix/<key>} directive. */
    private static String extractKey(String s, String prefix) {
        String[] parts = s.split("/", 2);
        if (parts.length <= 1 || !parts[0].equals(prefix)) {
            throw PatchException.badRequest(prefix.equals(DELETE_FROM_PRIMITIVE_LIST) ? ERR_BAD_PRIMITIVE_LIST
                    : ERR_BAD_SET_ELEMENT_ORDER);
        }
        return parts[1];
    }

    /**
     * Removes {@code $patch} directives: an object carrying one is dropped entirely (null return),
     * as are such list elements.
     */
    private static JsonNode removeDirectives(JsonNode obj) {
        if (obj == null || obj.isNull()) {
            return obj;
        }
        if (obj.isObject()) {
            if (obj.has(DIRECTIVE)) {
                return null;
            }
            ObjectNode o = (ObjectNode) obj;
            for (String k : keys(o)) {
                setOrRemove(o, k, removeDirectives(o.get(k)));
            }
            return o;
        }
        if (obj.isArray()) {
            ArrayNode res = NODES.arrayNode();
            for (JsonNode v : obj) {
                JsonNode nv = removeDirectives(v);
                if (nv != null) {
                    res.add(nv);
                }
            }
            return res;
        }
        return obj;
    }

    /** Removes null members of objects, recursively through objects and lists. */
    private static void discardNullValues(JsonNode v) {
        if (v.isObject()) {
            ObjectNode o = (ObjectNode) v;
            for (String k : keys(o)) {
                if (o.get(k).isNull()) {
                    o.remove(k);
                } else {
                    discardNullValues(o.get(k));
                }
            }
        } else if (v.isArray()) {
            for (JsonNode item : v) {
                discardNullValues(item);
            }
        }
    }

    /**
     * Drops directive keys that upstream leaves in its map result and that its typed decoding then
     * ignores (in replaced lists, new list elements or replaced objects).
     */
    private static void stripDirectives(JsonNode v) {
        if (v.isObject()) {
            ObjectNode o = (ObjectNode) v;
            List<String> drop = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String k = e.getKey();
                if (k.equals(DIRECTIVE) || k.equals(RETAIN_KEYS_DIRECTIVE) || k.startsWith(SET_ELEMENT_ORDER + "/")
                        || k.startsWith(DELETE_FROM_PRIMITIVE_LIST + "/")) {
                    drop.add(k);
                } else {
                    stripDirectives(e.getValue());
                }
            }
            o.remove(drop);
        } else if (v.isArray()) {
            for (JsonNode item : v) {
                stripDirectives(item);
            }
        }
    }

    private static List<String> keys(JsonNode obj) {
        List<String> out = new ArrayList<>(obj.size());
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode toArray(List<JsonNode> items) {
        ArrayNode a = NODES.arrayNode(items.size());
        items.forEach(a::add);
        return a;
    }

    private static boolean isText(JsonNode n, String text) {
        return n != null && n.isTextual() && n.textValue().equals(text);
    }

    private static PatchException noMergeKey(JsonNode map, String key) {
        return PatchException.unclassified("map: " + GoText.value(map) + " does not contain declared merge key: " + key);
    }

    private static PatchException badArgType(String expected, JsonNode actual) {
        return PatchException.unclassified("expected a " + expected + ", but received a " + GoText.typeName(actual));
    }

    private static PatchException badPatchType(JsonNode directive, JsonNode map) {
        String t = directive.isTextual() ? directive.textValue() : GoText.value(directive);
        return PatchException.unclassified("unknown patch type: " + t + " in map: " + GoText.value(map));
    }
}
