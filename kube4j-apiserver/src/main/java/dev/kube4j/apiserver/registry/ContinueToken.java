package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.errors.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code continue} value of a paginated list: the revision the first page was read at
 * and the last key returned, so later pages are read at that same revision.
 */
public record ContinueToken(long revision, String lastKey) {

    public String encode() {
        var node = ObjectCodec.JSON.createObjectNode();
        node.put("v", "meta.k8s.io/v1");
        node.put("rv", revision);
        node.put("start", lastKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static ContinueToken decode(String token) {
        try {
            JsonNode node = ObjectCodec.JSON.readTree(Base64.getUrlDecoder().decode(token));
            if (!"meta.k8s.io/v1".equals(node.path("v").asText()) || node.path("rv").asLong(0) <= 0
                    || !node.path("start").isTextual()) {
                throw new IllegalArgumentException();
            }
            return new ContinueToken(node.path("rv").asLong(), node.path("start").asText());
        } catch (Exception e) {
            throw ApiException.badRequest("invalid continue token: " + e.getClass().getSimpleName());
        }
    }
}
