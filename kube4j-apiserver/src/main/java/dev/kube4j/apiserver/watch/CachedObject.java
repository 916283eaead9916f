package dev.kube4j.apiserver.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ObjectCodec;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An object as served: parsed once when it enters the cache, with its resourceVersion stamped.
 * The tree is shared by every reader and must never be mutated; copy it first. Its JSON
 * encoding is computed once and shared too, so a list or an event sent to a thousand watchers
 * is serialized once.
 */
public record CachedObject(String key, ObjectNode object, long modRevision, Map<String, String> labels,
                           AtomicReference<byte[]> json) {

    public CachedObject(String key, ObjectNode object, long modRevision, Map<String, String> labels) {
        this(key, object, modRevision, labels, new AtomicReference<>());
    }

    /** The object as JSON bytes, encoded on first use. */
    public byte[] jsonBytes() {
        byte[] bytes = json.get();
        if (bytes == null) {
            try {
                bytes = ObjectCodec.JSON.writeValueAsBytes(object);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            json.set(bytes);
        }
        return bytes;
    }
}
