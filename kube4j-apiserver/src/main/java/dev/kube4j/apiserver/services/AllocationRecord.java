package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.store.KeyValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One allocated value as stored: who holds it and since when. The store key is the value itself,
 * so the store's create-if-absent is what makes a value belong to one service only.
 *
 * @param modRevision the record's store revision, for compare-and-swap deletes and take-overs
 */
public record AllocationRecord(String value, Owner owner, Instant allocatedAt, long modRevision) {

    static byte[] encode(Owner owner, Instant allocatedAt) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode ref = root.putObject("parentRef");
        ref.put("resource", "services");
        ref.put("namespace", owner.namespace());
        ref.put("name", owner.name());
        ref.put("uid", owner.uid());
        root.put("allocatedAt", allocatedAt.toString());
        try {
            return ObjectCodec.JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AllocationRecord decode(String value, KeyValue kv) {
        try {
            JsonNode root = ObjectCodec.JSON.readTree(kv.value());
            JsonNode ref = root.path("parentRef");
            Owner owner = new Owner(ref.path("namespace").asText(""), ref.path("name").asText(""), ref.path("uid").asText(""));
            Instant at = root.hasNonNull("allocatedAt") ? Instant.parse(root.get("allocatedAt").asText()) : Instant.EPOCH;
            return new AllocationRecord(value, owner, at, kv.modRevision());
        } catch (IOException | RuntimeException e) {
            // An unreadable record belongs to nobody known: repair may reclaim it.
            return new AllocationRecord(value, new Owner("", "", ""), Instant.EPOCH, kv.modRevision());
        }
    }
}
