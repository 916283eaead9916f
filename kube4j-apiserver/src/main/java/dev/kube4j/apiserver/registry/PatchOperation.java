package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.patch.BuiltinPatchSchemas;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.patch.JsonPatch;
import dev.kube4j.apimachinery.patch.MergePatch;
import dev.kube4j.apimachinery.patch.StrategicMergePatch;

import java.io.IOException;

/** Applies a PATCH body of one of the three patch media types to the current object. */
public final class PatchOperation {

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final String contentType;
    private final JsonNode patch;

    private PatchOperation(String contentType, JsonNode patch) {
        this.contentType = contentType;
        this.patch = patch;
    }

    /** Parses and checks the patch body once; it is applied again on every retry. */
    public static PatchOperation parse(String contentType, byte[] body, boolean builtIn) {
        switch (contentType) {
            case JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH -> { }
            case APPLY_PATCH -> {
                return new PatchOperation(contentType, parseApplyConfiguration(body));
            }
            default -> throw new ApiException(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: "
                            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                            + (builtIn ? ", application/strategic-merge-patch+json" : ""), null);
        }
        if (contentType.equals(STRATEGIC_MERGE_PATCH) && !builtIn) {
            throw new ApiException(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: "
                            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", null);
        }
        JsonNode node;
        try {
            node = ObjectCodec.JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("error decoding patch: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.badRequest("the patch body is empty");
        }
        if (contentType.equals(JSON_PATCH) ? !node.isArray() : !node.isObject()) {
            throw ApiException.badRequest(contentType.equals(JSON_PATCH)
                    ? "json: cannot unmarshal " + node.getNodeType().toString().toLowerCase() + " into Go value of type jsonpatch.Patch"
                    : "error decoding patch: the patch must be a JSON object");
        }
        return new PatchOperation(contentType, node);
    }

    /** An apply body: YAML (JSON being YAML too) holding one object. */
    private static ObjectNode parseApplyConfiguration(byte[] body) {
        JsonNode node;
        try {
            node = (looksLikeJson(body) ? ObjectCodec.JSON : ObjectCodec.YAML).readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("error decoding YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return ObjectCodec.JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("error decoding YAML: error unmarshaling JSON: while decoding JSON: "
                    + "json: cannot unmarshal " + (node.isArray() ? "array" : node.isTextual() ? "string" : "number")
                    + " into Go value of type map[string]interface {}");
        }
        return (ObjectNode) node;
    }

    /** Whether a body (of a YAML media type) is in fact a JSON object, as clients usually send. */
    public static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    public boolean isApply() {
        return contentType.equals(APPLY_PATCH);
    }

    /** The object after the patch; the input is left unchanged. */
    public ObjectNode apply(ApiResource r, ObjectNode current) {
        JsonNode result = switch (contentType) {
            case JSON_PATCH -> JsonPatch.apply(current, patch);
            case MERGE_PATCH -> MergePatch.apply(current, patch);
            default -> StrategicMergePatch.apply(current, (ObjectNode) patch,
                    BuiltinPatchSchemas.forKind(r.group(), r.kind()));
        };
        if (!(result instanceof ObjectNode obj)) {
            throw ApiException.badRequest("the patch turned the object into " + result.getNodeType().toString().toLowerCase());
        }
        return obj;
    }

    public JsonNode body() {
        return patch;
    }
}
