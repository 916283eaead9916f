package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kube4j.apimachinery.errors.ApiException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns stored bytes into served objects and back. Objects are stored as JSON without
 * {@code metadata.resourceVersion}: the resource version is the key's modRevision, set on read,
 * exactly as upstream's etcd3 storage does.
 */
public final class ObjectCodec {

    /**
     * Field names are not canonicalized: Jackson's shared name table is copied whole (up to
     * ~130 KB) by every parse that meets a name the table lacks, and managedFields name list
     * entries by their keys ({@code k:{"uid":"…"}}, {@code k:{"ip":"…"}}), so nearly every Lease,
     * pod or owned object brings one; those parses took ~5 % of the API server's CPU, and their
     * garbage more, with 5,000 hollow nodes renewing Leases. A new String per name costs less.
     */
    private static JsonFactory uncanonicalized() {
        // A factory per mapper: a mapper's read features (duplicate detection) are its factory's.
        return JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();
    }

    public static final ObjectMapper JSON = JsonMapper.builder(uncanonicalized())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private ObjectCodec() {
    }

    /** Parses a stored value and stamps its resource version. */
    public static ObjectNode decodeStored(byte[] value, long modRevision) {
        try {
            ObjectNode obj = (ObjectNode) JSON.readTree(value);
            metadata(obj).put("resourceVersion", Long.toString(modRevision));
            return obj;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored object", e);
        }
    }

    /** Serializes for storage, leaving the resource version out. */
    public static byte[] encodeForStorage(ObjectNode obj) {
        // Take the resource version out for the write and put it back, rather than copy the tree.
        ObjectNode meta = metadata(obj);
        var rv = meta.remove("resourceVersion");
        meta.remove("selfLink");
        try {
            return JSON.writeValueAsBytes(obj);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (rv != null) {
                meta.set("resourceVersion", rv);
            }
        }
    }

    public static ObjectNode metadata(ObjectNode obj) {
        var meta = obj.get("metadata");
        if (meta instanceof ObjectNode m) {
            return m;
        }
        return obj.putObject("metadata");
    }

    /** Parses a request body as JSON or YAML into an object, or fails with 400. */
    private static final ObjectMapper JSON_NO_DUPLICATES = JsonMapper.builder(uncanonicalized())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Parses a JSON object body in one pass, or returns null when it repeats a field name (the
     * caller then takes the slow path that reports duplicates as upstream words them). Malformed
     * bodies fail exactly as {@link #parseBody(byte[], boolean, String)} does.
     */
    public static ObjectNode parseJsonUnlessDuplicates(byte[] body, String kind) {
        try {
            if (JSON_NO_DUPLICATES.readTree(body) instanceof ObjectNode obj) {
                return obj;
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                return null;
            }
        } catch (IOException e) {
            // fall through: parseBody words the failure
        }
        return parseBody(body, false, kind);
    }

    public static ObjectNode parseBody(byte[] body, boolean yaml) {
        return parseBody(body, yaml, null);
    }

    /**
     * Parses a request body meant to be a {@code kind}; a body that does not parse fails with 400
     * worded as upstream's decoder does ("the object provided is unrecognized (must be of type Pod): …").
     */
    public static ObjectNode parseBody(byte[] body, boolean yaml, String kind) {
        try {
            var node = (yaml ? YAML : JSON).readTree(body);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw ApiException.badRequest("the request body is empty; an object is required");
            }
            if (!(node instanceof ObjectNode obj)) {
                throw ApiException.badRequest("the request body must be a JSON object, not " + node.getNodeType().toString().toLowerCase());
            }
            return obj;
        } catch (ApiException e) {
            throw e;
        } catch (IOException e) {
            if (kind != null) {
                String why = yaml ? "error converting YAML to JSON: yaml: " : "couldn't get version/kind; json parse error: ";
                throw ApiException.badRequest("the object provided is unrecognized (must be of type " + kind + "): "
                        + why + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage()) + " (" + summarize(body, 30) + ")");
            }
            throw ApiException.badRequest("the body of the request could not be parsed as "
                    + (yaml ? "YAML" : "JSON") + ": " + firstLine(e.getMessage()));
        }
    }

    /** The start of a body for an error message: JSON as text, anything else as hex (upstream's summarizeData). */
    private static String summarize(byte[] data, int max) {
        if (data.length == 0) {
            return "<empty>";
        }
        int n = Math.min(data.length, max);
        String head = data[0] == '{' ? new String(data, 0, n, java.nio.charset.StandardCharsets.UTF_8)
                : java.util.HexFormat.of().formatHex(data, 0, n);
        return data.length > max ? head + " ..." : head;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
