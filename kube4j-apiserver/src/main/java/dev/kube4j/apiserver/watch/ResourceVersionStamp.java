package dev.kube4j.apiserver.watch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kube4j.apiserver.registry.ObjectCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds the resourceVersion to a stored object's JSON without building a tree: every write reaches
 * the watch cache as stored bytes, and parsing a whole pod into a tree only to append one field to
 * its metadata, then writing it all out again, was the cache's main cost. The bytes are scanned up
 * to the end of the top-level {@code metadata} (reading its labels on the way, which the cache keeps
 * for selectors) and {@code "resourceVersion":"N"} is inserted as its last field, where the tree
 * path put it. Anything unexpected returns null, for the caller to take the tree path.
 */
final class ResourceVersionStamp {

    /** The object's JSON with its resourceVersion, and its labels. */
    record Stamped(byte[] json, Map<String, String> labels) {
    }

    private ResourceVersionStamp() {
    }

    static Stamped stamp(byte[] stored, long modRevision) {
        try (JsonParser p = ObjectCodec.JSON.getFactory().createParser(stored)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean metadata = p.currentName().equals("metadata");
                JsonToken value = p.nextToken();
                if (!metadata) {
                    p.skipChildren();
                } else if (value == JsonToken.START_OBJECT) {
                    return stampMetadata(p, stored, modRevision);
                } else {
                    return null;
                }
            }
            return null; // no metadata: the tree path creates it
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** With {@code p} at the metadata's START_OBJECT. */
    private static Stamped stampMetadata(JsonParser p, byte[] stored, long modRevision) throws IOException {
        Map<String, String> labels = Map.of();
        boolean empty = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            empty = false;
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("resourceVersion")) {
                return null; // not expected in stored objects; the tree path overwrites it
            } else if (field.equals("labels") && value == JsonToken.START_OBJECT) {
                labels = readLabels(p);
                if (labels == null) {
                    return null;
                }
            } else {
                p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return null;
        }
        long end = p.currentTokenLocation().getByteOffset();
        if (end < 0 || end >= stored.length || stored[(int) end] != '}') {
            return null;
        }
        byte[] insert = ((empty ? "" : ",") + "\"resourceVersion\":\"" + modRevision + "\"").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[stored.length + insert.length];
        System.arraycopy(stored, 0, out, 0, (int) end);
        System.arraycopy(insert, 0, out, (int) end, insert.length);
        System.arraycopy(stored, (int) end, out, (int) end + insert.length, stored.length - (int) end);
        return new Stamped(out, labels);
    }

    /** Labels as strings; null when a value is not a string (the tree path decides then). */
    private static Map<String, String> readLabels(JsonParser p) throws IOException {
        Map<String, String> labels = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            labels.put(key, p.getText());
        }
        return Map.copyOf(labels);
    }
}
