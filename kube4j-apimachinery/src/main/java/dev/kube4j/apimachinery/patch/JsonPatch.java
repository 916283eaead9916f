package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON patch ({@code application/json-patch+json}) as the Kubernetes apiserver applies it
 * (evanphx/json-patch v4): operations {@code add}, {@code remove}, {@code replace}, {@code move},
 * {@code copy} and {@code test}; JSON pointers with {@code ~0}/{@code ~1} escapes; {@code -} for the
 * end of an array and negative indexes counting from the end.
 *
 * <p>Like upstream: {@code replace} of a missing object member adds it, {@code test} of a missing
 * member against {@code null} succeeds, and the root ({@code ""}) can only be replaced or tested.
 * A malformed patch is a 400; an operation that does not apply is upstream's generic 422, with
 * the reason in {@link PatchException#detail()}. The input documents are never modified.
 */
public final class JsonPatch {

    /** Upstream's limit on operations in one JSON patch. */
    public static final int MAX_OPERATIONS = 10000;

    private JsonPatch() {
    }

    /**
     * Applies {@code patch} (a JSON array of operations) to a copy of {@code doc}.
     *
     * @throws PatchException 400 when the patch is not an array of operation objects, 413 above
     *                        {@link #MAX_OPERATIONS}, 422 when an operation fails
     */
    public static JsonNode apply(JsonNode doc, JsonNode patch) {
        List<JsonNode> ops = decode(patch);
        if (ops.size() > MAX_OPERATIONS) {
            throw PatchException.tooLarge("The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                    + ", got " + ops.size());
        }
        Doc d = new Doc(doc == null ? NullNode.getInstance() : doc.deepCopy());
        for (JsonNode op : ops) {
            try {
                d.apply(op);
            } catch (OpError e) {
                throw PatchException.unprocessable(e.getMessage());
            }
        }
        return d.root;
    }

    /** Checks the shape of a patch: null means no operations. */
    static List<JsonNode> decode(JsonNode patch) {
        List<JsonNode> ops = new ArrayList<>();
        if (JsonValues.isNil(patch)) {
            return ops;
        }
        if (!patch.isArray()) {
            throw PatchException.badRequest(GoText.unmarshalError(patch, "jsonpatch.Patch"));
        }
        for (JsonNode op : patch) {
            if (!op.isObject() && !op.isNull()) {
                throw PatchException.badRequest(GoText.unmarshalError(op, "jsonpatch.Operation"));
            }
            ops.add(op);
        }
        return ops;
    }

    /** An operation failure, carrying evanphx/json-patch's message. */
    private static final class OpError extends RuntimeException {
        OpError(String message) {
            super(message, null, false, false);
        }
    }

    private static final String MISSING = "missing value";
    private static final String INVALID_INDEX = "invalid index referenced";

    /** A container (object or array) and the last, decoded token of a path. */
    private record Target(JsonNode container, String key) {
    }

    private static final class Doc {
        JsonNode root;

        Doc(JsonNode root) {
            this.root = root;
        }

        void apply(JsonNode op) {
            String kind = kind(op);
            switch (kind) {
                case "add" -> add(op);
                case "remove" -> remove(op);
                case "replace" -> replace(op);
                case "move" -> move(op);
                case "test" -> test(op);
                case "copy" -> copy(op);
                default -> throw new OpError("Unexpected kind: " + kind);
            }
        }

        // -- operation fields

        private static String kind(JsonNode op) {
            JsonNode k = op == null ? null : op.get("op");
            return k != null && k.isTextual() ? k.textValue() : "unknown";
        }

        /** The string field, or an error message as Go's Operation.Path/From produce. */
        private static String stringField(JsonNode op, String name, String missing) {
            JsonNode v = op.get(name);
            if (JsonValues.isNil(v)) {
                throw new OpError(missing);
            }
            if (!v.isTextual()) {
                throw new OpError(GoText.unmarshalError(v, "string"));
            }
            return v.textValue();
        }

        private static String path(JsonNode op, String prefix, boolean alwaysMissing) {
            try {
                return stringField(op, "path", "operation missing path field: " + MISSING);
            } catch (OpError e) {
                throw new OpError(prefix + (alwaysMissing ? MISSING : e.getMessage()));
            }
        }

        private static String from(JsonNode op, String prefix) {
            try {
                return stringField(op, "from", "operation, missing from field: " + MISSING);
            } catch (OpError e) {
                throw new OpError(prefix + e.getMessage());
            }
        }

        /** The operation's value; a missing value is null, as upstream. */
        private static JsonNode value(JsonNode op) {
            JsonNode v = op.get("value");
            return v == null ? NullNode.getInstance() : v.deepCopy();
        }

        // -- pointer resolution

        private static String decodeToken(String token) {
            return token.replace("~1", "/").replace("~0", "~");
        }

        /** The container of the last token, or null when the path does not lead to one. */
        private Target find(String path) {
            String[] split = path.split("/", -1);
            if (split.length < 2) {
                return null;
            }
            JsonNode doc = root;
            for (int i = 1; i < split.length - 1; i++) {
                JsonNode next;
                try {
                    next = get(doc, decodeToken(split[i]));
                } catch (OpError e) {
                    return null;
                }
                if (JsonValues.isNil(next) || !next.isContainerNode()) {
                    return null;
                }
                doc = next;
            }
            if (!doc.isContainerNode()) {
                return null;
            }
            return new Target(doc, decodeToken(split[split.length - 1]));
        }

        // -- container primitives with upstream's messages

        /** Go's strconv.Atoi: an optional sign and decimal digits. */
        private static long atoi(String key) {
            if (!key.matches("[+-]?[0-9]+")) {
                throw new OpError("strconv.Atoi: parsing \"" + key + "\": invalid syntax");
            }
            try {
                return Long.parseLong(key);
            } catch (NumberFormatException e) {
                throw new OpError("strconv.Atoi: parsing \"" + key + "\": value out of range");
            }
        }

        private static OpError invalidIndex(long idx) {
            return new OpError("Unable to access invalid index: " + idx + ": " + INVALID_INDEX);
        }

        private static JsonNode get(JsonNode con, String key) {
            if (con.isObject()) {
                return con.get(key);
            }
            ArrayNode ary = (ArrayNode) con;
            long idx = atoi(key);
            if (idx < 0) {
                if (idx < -ary.size()) {
                    throw invalidIndex(idx);
                }
                idx += ary.size();
            }
            if (idx >= ary.size()) {
                throw invalidIndex(idx);
            }
            return ary.get((int) idx);
        }

        private static void set(JsonNode con, String key, JsonNode val) {
            if (con.isObject()) {
                ((ObjectNode) con).set(key, val);
                return;
            }
            ArrayNode ary = (ArrayNode) con;
            long idx = atoi(key);
            if (idx < 0) {
                if (idx < -ary.size()) {
                    throw invalidIndex(idx);
                }
                idx += ary.size();
            }
            ary.set((int) idx, val);
        }

        private static void add(JsonNode con, String key, JsonNode val) {
            if (con.isObject()) {
                ((ObjectNode) con).set(key, val);
                return;
            }
            ArrayNode ary = (ArrayNode) con;
            if (key.equals("-")) {
                ary.add(val);
                return;
            }
            long idx;
            try {
                idx = atoi(key);
            } catch (OpError e) {
                throw new OpError("value was not a proper array index: '" + key + "': " + e.getMessage());
            }
            int size = ary.size() + 1;
            if (idx >= size) {
                throw invalidIndex(idx);
            }
            if (idx < 0) {
                if (idx < -size) {
                    throw invalidIndex(idx);
                }
                idx += size;
            }
            ary.insert((int) idx, val);
        }

        private static void remove(JsonNode con, String key) {
            if (con.isObject()) {
                if (!con.has(key)) {
                    throw new OpError("Unable to remove nonexistent key: " + key + ": " + MISSING);
                }
                ((ObjectNode) con).remove(key);
                return;
            }
            ArrayNode ary = (ArrayNode) con;
            long idx = atoi(key);
            if (idx >= ary.size()) {
                throw invalidIndex(idx);
            }
            if (idx < 0) {
                if (idx < -ary.size()) {
                    throw invalidIndex(idx);
                }
                idx += ary.size();
            }
            ary.remove((int) idx);
        }

        // -- operations

        private void add(JsonNode op) {
            String path = path(op, "add operation failed to decode path: ", true);
            Target t = find(path);
            if (t == null) {
                throw new OpError("add operation does not apply: doc is missing path: \"" + path + "\": " + MISSING);
            }
            try {
                add(t.container(), t.key(), value(op));
            } catch (OpError e) {
                throw new OpError("error in add for path: '" + path + "': " + e.getMessage());
            }
        }

        private void remove(JsonNode op) {
            String path = path(op, "remove operation failed to decode path: ", true);
            Target t = find(path);
            if (t == null) {
                throw new OpError("remove operation does not apply: doc is missing path: \"" + path + "\": " + MISSING);
            }
            try {
                remove(t.container(), t.key());
            } catch (OpError e) {
                throw new OpError("error in remove for path: '" + path + "': " + e.getMessage());
            }
        }

        private void replace(JsonNode op) {
            String path = path(op, "replace operation failed to decode path: ", false);
            if (path.isEmpty()) {
                JsonNode val = value(op);
                if (!val.isContainerNode()) {
                    throw new OpError("replace operation value must be object or array");
                }
                root = val;
                return;
            }
            Target t = find(path);
            if (t == null) {
                throw new OpError("replace operation does not apply: doc is missing path: " + path + ": " + MISSING);
            }
            try {
                get(t.container(), t.key());
            } catch (OpError e) {
                throw new OpError("replace operation does not apply: doc is missing key: " + path + ": " + MISSING);
            }
            try {
                set(t.container(), t.key(), value(op));
            } catch (OpError e) {
                throw new OpError("error in remove for path: '" + path + "': " + e.getMessage());
            }
        }

        private void move(JsonNode op) {
            String from = from(op, "move operation failed to decode from: ");
            Target src = find(from);
            if (src == null) {
                throw new OpError("move operation does not apply: doc is missing from path: " + from + ": " + MISSING);
            }
            JsonNode val;
            try {
                val = get(src.container(), src.key());
                remove(src.container(), src.key());
            } catch (OpError e) {
                throw new OpError("error in move for path: '" + src.key() + "': " + e.getMessage());
            }
            String path = path(op, "move operation failed to decode path: ", false);
            Target dst = find(path);
            if (dst == null) {
                throw new OpError("move operation does not apply: doc is missing destination path: " + path + ": " + MISSING);
            }
            try {
                add(dst.container(), dst.key(), val == null ? NullNode.getInstance() : val);
            } catch (OpError e) {
                throw new OpError("error in move for path: '" + path + "': " + e.getMessage());
            }
        }

        private void test(JsonNode op) {
            String path = path(op, "test operation failed to decode path: ", false);
            JsonNode expected = op.get("value");
            if (path.isEmpty()) {
                if (expected != null && JsonValues.equal(root, expected)) {
                    return;
                }
                throw new OpError("testing value " + path + " failed: test failed");
            }
            Target t = find(path);
            if (t == null) {
                throw new OpError("test operation does not apply: is missing path: " + path + ": " + MISSING);
            }
            JsonNode actual;
            try {
                actual = get(t.container(), t.key());
            } catch (OpError e) {
                throw new OpError("error in test for path: '" + path + "': " + e.getMessage());
            }
            if (JsonValues.isNil(actual)) {
                if (expected == null || expected.isNull()) {
                    return;
                }
                throw new OpError("testing value " + path + " failed: test failed");
            }
            if (expected == null || !JsonValues.equal(actual, expected)) {
                throw new OpError("testing value " + path + " failed: test failed");
            }
        }

        private void copy(JsonNode op) {
            String from = from(op, "copy operation failed to decode from: ");
            Target src = find(from);
            if (src == null) {
                throw new OpError("copy operation does not apply: doc is missing from path: " + from + ": " + MISSING);
            }
            JsonNode val;
            try {
                val = get(src.container(), src.key());
            } catch (OpError e) {
                throw new OpError("error in copy for from: '" + from + "': " + e.getMessage());
            }
            String path = path(op, "copy operation failed to decode path: ", true);
            Target dst = find(path);
            if (dst == null) {
                throw new OpError("copy operation does not apply: doc is missing destination path: " + path + ": " + MISSING);
            }
            try {
                add(dst.container(), dst.key(), val == null ? NullNode.getInstance() : val.deepCopy());
            } catch (OpError e) {
                throw new OpError("error while adding value during copy: " + e.getMessage());
            }
        }
    }
}
