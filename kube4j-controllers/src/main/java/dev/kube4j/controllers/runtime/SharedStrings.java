package dev.kube4j.controllers.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import java.io.IOException;

/**
 * Decodes JSON string values into shared {@link String}s where the same short value was seen
 * before. A decoded pod holds some seventy strings, most of them the same in every pod ("Running",
 * "True", "PodScheduled", the image, the namespace, "IfNotPresent", "10m"…); an informer cache of
 * 30,000 pods held 2.5 million String objects, half of the component's heap, and the garbage
 * collector copied each new pod's copies as it entered the cache. Values are looked up by their
 * characters in a fixed table (one slot per hash, the last value wins), so unique values (uids,
 * timestamps, names) cost one comparison and a slot, and the table never grows.
 *
 * <p>Reads and writes of slots race without locks: a String is immutable and safely published
 * through its final fields, so a reader sees either an older value, a newer one, or nothing.
 */
final class SharedStrings extends StringDeserializer {

    /** Longer values are rarely repeated (messages, annotations' JSON): not worth a slot. */
    static final int MAX_LENGTH = 64;
    private static final int SLOTS = 1 << 13;

    private final String[] slots = new String[SLOTS];
    /** Each slot's value's hash, read first: a different value is told apart without touching its String. */
    private final int[] hashes = new int[SLOTS];

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            return share(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        return super.deserialize(p, ctxt);
    }

    String share(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + chars[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        if (hashes[slot] == h) {
            String seen = slots[slot]; // may be another value than the hash's, if a write races: compared anyway
            if (seen != null && sameChars(seen, chars, offset, length)) {
                return seen;
            }
        }
        String value = new String(chars, offset, length);
        slots[slot] = value;
        hashes[slot] = h;
        return value;
    }

    private static boolean sameChars(String s, char[] chars, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
