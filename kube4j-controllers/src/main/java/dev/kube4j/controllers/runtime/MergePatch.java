package dev.kube4j.controllers.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** JSON merge patch bodies (RFC 7386), where an explicit null removes a field. */
public final class MergePatch {

    // A plain mapper: it keeps null map values, which a merge patch needs to delete fields.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MergePatch() {
    }

    public static String json(Map<String, ?> patch) {
        try {
            return MAPPER.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode patch", e);
        }
    }
}
