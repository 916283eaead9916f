package dev.kube4j.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code pod-template-hash} label and ReplicaSet name suffix: as upstream's ComputeHash, an
 * FNV-32a hash of the template followed by the collision count (4 bytes, little-endian), printed in
 * decimal and mapped through rand.SafeEncodeString's alphabet (no vowels, no 0/1/3).
 * <p>
 * Upstream hashes Go's printed form of its structs, which Java cannot reproduce, so the values
 * differ from a real cluster's; what matters holds: equal templates give equal hashes across
 * restarts (the template is hashed as canonical JSON with sorted keys), and a collision count
 * changes the hash.
 */
public final class PodTemplateHash {

    public static final String LABEL = "pod-template-hash";

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PodTemplateHash() {
    }

    public static String compute(PodTemplateSpec template, Integer collisionCount) {
        int hash = 0x811c9dc5;
        for (byte b : canonicalJson(template)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                hash ^= (c >>> (8 * i)) & 0xff;
                hash *= 0x01000193;
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            out.append(ALPHANUMS.charAt(ch % ALPHANUMS.length()));
        }
        return out.toString();
    }

    private static byte[] canonicalJson(PodTemplateSpec template) {
        try {
            JsonNode tree = MAPPER.valueToTree(template);
            return MAPPER.writeValueAsString(sorted(tree)).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode pod template", e);
        }
    }

    /** Object fields in key order at every level, so the bytes do not depend on how the template was parsed. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = MAPPER.createArrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(sorted(it.next()));
            }
            return out;
        }
        return node;
    }
}
