package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** System-owned metadata: names from generateName, uid, timestamps, generation. */
public final class ObjectMetaOps {

    // Upstream's alphabet for generated suffixes: no vowels (no words) and no look-alike digits.
    private static final char[] SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_GENERATE_NAME_PREFIX = 58;

    private ObjectMetaOps() {
    }

    public static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Upstream's SimpleNameGenerator: the prefix (cut to 58 chars) plus five random characters. */
    public static String generateName(String prefix) {
        if (prefix.length() > MAX_GENERATE_NAME_PREFIX) {
            prefix = prefix.substring(0, MAX_GENERATE_NAME_PREFIX);
        }
        StringBuilder s = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            s.append(SUFFIX_ALPHABET[RANDOM.nextInt(SUFFIX_ALPHABET.length)]);
        }
        return s.toString();
    }

    public static String newUid() {
        return UUID.randomUUID().toString();
    }

    public static String name(JsonNode obj) {
        return obj.path("metadata").path("name").asText("");
    }

    public static String namespace(JsonNode obj) {
        return obj.path("metadata").path("namespace").asText("");
    }

    public static String text(JsonNode obj, String field) {
        JsonNode n = obj.path("metadata").path(field);
        return n.isTextual() ? n.asText() : "";
    }

    public static boolean hasFinalizers(JsonNode obj) {
        JsonNode f = obj.path("metadata").path("finalizers");
        return f.isArray() && !f.isEmpty();
    }

    public static boolean isDeleting(JsonNode obj) {
        return obj.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** Everything but metadata and status: a change here bumps metadata.generation. */
    public static boolean specChanged(ObjectNode newObj, ObjectNode oldObj) {
        ObjectNode a = newObj.deepCopy();
        ObjectNode b = oldObj.deepCopy();
        for (ObjectNode o : new ObjectNode[]{a, b}) {
            o.remove("metadata");
            o.remove("status");
        }
        return !a.equals(b);
    }
}
