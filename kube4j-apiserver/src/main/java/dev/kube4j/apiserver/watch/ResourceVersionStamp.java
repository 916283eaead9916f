package dev.kube4j.apiserver.watch;

import dev.kube4j.apimachinery.json.JsonMembers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds the resourceVersion to a stored object's JSON without parsing it: every write reaches the
 * watch cache as stored bytes, and parsing a whole pod into a tree only to append one field to its
 * metadata, then writing it all out again, was the cache's main cost; tokenizing it with Jackson
 * still read every field name of the metadata's managedFields (unique ones among them, such as
 * kubelet's {@code k:{"ip":"10.0.3.7"}}, which made Jackson copy its shared name table on every
 * pod). The bytes are scanned for the top-level {@code metadata}, its labels are read (the cache
 * keeps them for selectors) and {@code "resourceVersion":"N"} is inserted as its last field, where
 * the tree path put it. Anything unexpected returns null, for the caller to take the tree path.
 */
public final class ResourceVersionStamp {

    /** The object's JSON with its resourceVersion, and its labels. */
    record Stamped(byte[] json, Map<String, String> labels) {
    }

    private ResourceVersionStamp() {
    }

    /** The object's JSON as served at {@code modRevision}, or null when the stamp cannot be done on the bytes. */
    public static byte[] json(byte[] stored, long modRevision) {
        Stamped stamped = stamp(stored, modRevision);
        return stamped == null ? null : stamped.json();
    }

    static Stamped stamp(byte[] stored, long modRevision) {
        try {
            JsonMembers.Member metadata = JsonMembers.find(stored, JsonMembers.whitespace(stored, 0), "metadata");
            if (metadata == null || stored[metadata.valueStart()] != '{') {
                return null; // no metadata: the tree path creates it
            }
            return stampMetadata(stored, metadata.valueStart(), modRevision);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** With the metadata's '{' at {@code start}. */
    private static Stamped stampMetadata(byte[] stored, int start, long modRevision) {
        Map<String, String> labels = new HashMap<>();
        boolean[] fallBack = {false};
        boolean[] empty = {true};
        int end = JsonMembers.forEach(stored, start, (keyStart, keyEnd, valueStart, valueEnd) -> {
            empty[0] = false;
            if (JsonMembers.keyEquals(stored, keyStart, keyEnd, "resourceVersion")) {
                fallBack[0] = true; // not expected in stored objects; the tree path overwrites it
            } else if (JsonMembers.keyEquals(stored, keyStart, keyEnd, "labels") && stored[valueStart] != 'n') { // null: none
                fallBack[0] = stored[valueStart] != '{' || !readLabels(stored, valueStart, labels);
            }
            return !fallBack[0];
        });
        if (fallBack[0] || end < 0 || stored[end] != '}') {
            return null;
        }
        byte[] insert = ((empty[0] ? "" : ",") + "\"resourceVersion\":\"" + modRevision + "\"").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[stored.length + insert.length];
        System.arraycopy(stored, 0, out, 0, end);
        System.arraycopy(insert, 0, out, end, insert.length);
        System.arraycopy(stored, end, out, end + insert.length, stored.length - end);
        return new Stamped(out, Map.copyOf(labels));
    }

    /** Labels as strings into {@code labels}; false when a value is not a plain string (the tree path decides then). */
    private static boolean readLabels(byte[] json, int start, Map<String, String> labels) {
        boolean[] plain = {true};
        int end = JsonMembers.forEach(json, start, (keyStart, keyEnd, valueStart, valueEnd) -> {
            String key = JsonMembers.plainString(json, keyStart, keyEnd);
            String value = JsonMembers.plainString(json, valueStart, valueEnd);
            if (key == null || value == null) {
                return plain[0] = false;
            }
            labels.put(key, value);
            return true;
        });
        return plain[0] && end >= 0 && json[end] == '}';
    }
}
