package dev.kube4j.apimachinery.json;

import java.nio.charset.StandardCharsets;

/**
 * Finds members of JSON objects in UTF-8 bytes without parsing them: strings are skipped to their
 * closing quote, objects and arrays by bracket depth, and nothing is decoded or allocated. For hot
 * paths that need one or two members of a large object (a pod's {@code metadata}, say) and would
 * otherwise tokenize every field name of it through Jackson. It trusts its input to be JSON (it
 * reads what servers and Jackson wrote): on anything it cannot follow it answers -1 or null, and
 * callers fall back to a real parser.
 */
public final class JsonMembers {

    /** A member: its key from the opening quote, its value from its first byte to just after its last. */
    public record Member(int keyStart, int valueStart, int valueEnd) {
    }

    /** Sees each member of an object in turn; returns false to stop there. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(int keyStart, int keyEnd, int valueStart, int valueEnd);
    }

    private JsonMembers() {
    }

    /**
     * Visits the members of the object whose '{' is at {@code start}. Returns the index of its
     * closing '}', the index where the visitor stopped (a member's value end), or -1 if malformed.
     */
    public static int forEach(byte[] json, int start, Visitor visitor) {
        if (start < 0 || start >= json.length || json[start] != '{') {
            return -1;
        }
        int i = whitespace(json, start + 1);
        if (i < json.length && json[i] == '}') {
            return i;
        }
        while (i < json.length && json[i] == '"') {
            int keyEnd = skipString(json, i);
            if (keyEnd < 0) {
                return -1;
            }
            int colon = whitespace(json, keyEnd);
            if (colon >= json.length || json[colon] != ':') {
                return -1;
            }
            int valueStart = whitespace(json, colon + 1);
            int valueEnd = skipValue(json, valueStart);
            if (valueEnd < 0) {
                return -1;
            }
            if (!visitor.visit(i, keyEnd, valueStart, valueEnd)) {
                return valueEnd;
            }
            i = whitespace(json, valueEnd);
            if (i >= json.length) {
                return -1;
            }
            if (json[i] == '}') {
                return i;
            }
            if (json[i] != ',') {
                return -1;
            }
            i = whitespace(json, i + 1);
        }
        return -1;
    }

    /** The member {@code name} of the object whose '{' is at {@code start}, or null. */
    public static Member find(byte[] json, int start, String name) {
        Member located = locate(json, start, name);
        if (located == null) {
            return null;
        }
        int valueEnd = skipValue(json, located.valueStart());
        return valueEnd < 0 ? null : new Member(located.keyStart(), located.valueStart(), valueEnd);
    }

    /**
     * Member {@code name} of the object at {@code start} with its value's end not yet known (-1),
     * or null. Each key is compared before its value is skipped, so the value found is not scanned
     * here (through {@link #forEach}, a watch event's whole object would be, to reach its metadata).
     */
    private static Member locate(byte[] json, int start, String name) {
        if (start < 0 || start >= json.length || json[start] != '{') {
            return null;
        }
        int i = whitespace(json, start + 1);
        while (i < json.length && json[i] == '"') {
            int keyEnd = skipString(json, i);
            if (keyEnd < 0) {
                return null;
            }
            int colon = whitespace(json, keyEnd);
            if (colon >= json.length || json[colon] != ':') {
                return null;
            }
            int valueStart = whitespace(json, colon + 1);
            if (keyEquals(json, i, keyEnd, name)) {
                return new Member(i, valueStart, -1);
            }
            int valueEnd = skipValue(json, valueStart);
            if (valueEnd < 0) {
                return null;
            }
            i = whitespace(json, valueEnd);
            if (i >= json.length || json[i] != ',') {
                return null; // the closing '}' (no such member) or malformed
            }
            i = whitespace(json, i + 1);
        }
        return null;
    }

    /**
     * {@code json} without the member at {@code path} (each name a member of the object the previous
     * one named, the first in the top-level object), and without the comma that separated it; the
     * same array when there is no such member or the JSON cannot be followed.
     */
    public static byte[] without(byte[] json, String... path) {
        int[] range = removable(json, whitespace(json, 0), path);
        return range == null ? json : splice(json, java.util.List.of(range));
    }

    /**
     * {@code json} without the member at {@code path} in each object of the top-level array member
     * {@code array} (a list's {@code items}); the same array when there is none to remove.
     */
    public static byte[] withoutInEach(byte[] json, String array, String... path) {
        Member items = find(json, whitespace(json, 0), array);
        if (items == null || json[items.valueStart()] != '[') {
            return json;
        }
        java.util.List<int[]> ranges = new java.util.ArrayList<>();
        int i = whitespace(json, items.valueStart() + 1);
        while (i < items.valueEnd() - 1) {
            int end = skipValue(json, i);
            if (end < 0) {
                return json;
            }
            int[] range = removable(json, i, path);
            if (range != null) {
                ranges.add(range);
            }
            i = whitespace(json, end);
            if (i < json.length && json[i] == ',') {
                i = whitespace(json, i + 1);
            }
        }
        return ranges.isEmpty() ? json : splice(json, ranges);
    }

    /**
     * {@code json} with the value of the existing member at {@code path} replaced by {@code value}
     * (JSON text, such as a quoted string); null when there is no such member or the JSON cannot be
     * followed.
     */
    public static byte[] withValue(byte[] json, byte[] value, String... path) {
        Member member = at(json, whitespace(json, 0), path);
        if (member == null) {
            return null;
        }
        byte[] out = new byte[json.length - (member.valueEnd() - member.valueStart()) + value.length];
        System.arraycopy(json, 0, out, 0, member.valueStart());
        System.arraycopy(value, 0, out, member.valueStart(), value.length);
        System.arraycopy(json, member.valueEnd(), out, member.valueStart() + value.length, json.length - member.valueEnd());
        return out;
    }

    /** The member at {@code path} below the object at {@code object}, going through objects only; null if none. */
    private static Member at(byte[] json, int object, String... path) {
        if (path.length == 0) {
            return null;
        }
        for (int k = 0; k < path.length - 1; k++) {
            Member on = locate(json, object, path[k]); // an object on the way is entered, not skipped
            if (on == null || on.valueStart() >= json.length || json[on.valueStart()] != '{') {
                return null;
            }
            object = on.valueStart();
        }
        return find(json, object, path[path.length - 1]);
    }

    /** The bytes to cut for the member at {@code path} below the object at {@code object}, with one separating comma; null if none. */
    private static int[] removable(byte[] json, int object, String... path) {
        Member member = at(json, object, path);
        if (member == null) {
            return null;
        }
        int from = member.keyStart();
        int to = whitespace(json, member.valueEnd());
        if (to < json.length && json[to] == ',') {
            return new int[]{from, whitespace(json, to + 1)}; // a later member follows: take the comma after
        }
        int before = from - 1; // the last member: take the comma before, if any
        while (before >= 0 && isWhitespace(json[before])) {
            before--;
        }
        return new int[]{before >= 0 && json[before] == ',' ? before : from, member.valueEnd()};
    }

    /** {@code json} without the given ascending, disjoint ranges. */
    private static byte[] splice(byte[] json, java.util.List<int[]> ranges) {
        int removed = 0;
        for (int[] r : ranges) {
            removed += r[1] - r[0];
        }
        byte[] out = new byte[json.length - removed];
        int from = 0;
        int at = 0;
        for (int[] r : ranges) {
            System.arraycopy(json, from, out, at, r[0] - from);
            at += r[0] - from;
            from = r[1];
        }
        System.arraycopy(json, from, out, at, json.length - from);
        return out;
    }

    /** Whether the string token [keyStart, keyEnd) (quotes included) is exactly {@code name} (ASCII, unescaped). */
    public static boolean keyEquals(byte[] json, int keyStart, int keyEnd, String name) {
        if (keyEnd - keyStart - 2 != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (json[keyStart + 1 + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The string token [start, end) decoded, or null if it holds escapes (a caller then parses properly). */
    public static String plainString(byte[] json, int start, int end) {
        if (end - start < 2 || json[start] != '"' || json[end - 1] != '"') {
            return null;
        }
        for (int k = start + 1; k < end - 1; k++) {
            if (json[k] == '\\') {
                return null;
            }
        }
        return new String(json, start + 1, end - start - 2, StandardCharsets.UTF_8);
    }

    /** Index just after the value starting at {@code i}, or -1 if it does not end. */
    public static int skipValue(byte[] json, int i) {
        if (i >= json.length) {
            return -1;
        }
        byte c = json[i];
        if (c == '"') {
            return skipString(json, i);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < json.length) {
                c = json[i];
                if (c == '"') {
                    i = skipString(json, i);
                    if (i < 0) {
                        return -1;
                    }
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return -1;
        }
        int start = i;
        while (i < json.length && c != ',' && c != '}' && c != ']' && !isWhitespace(c)) {
            c = ++i < json.length ? json[i] : 0;
        }
        return i > start ? i : -1;
    }

    /** Index just after the string whose opening quote is at {@code i}, or -1 if unterminated. */
    static int skipString(byte[] json, int i) {
        for (i++; i < json.length; i++) {
            byte c = json[i];
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    public static int whitespace(byte[] json, int i) {
        while (i < json.length && isWhitespace(json[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
