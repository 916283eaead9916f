package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;

/** The service an allocation belongs to; the uid tells a re-created service of the same name apart. */
public record Owner(String namespace, String name, String uid) {

    public static Owner of(JsonNode service) {
        JsonNode meta = service.path("metadata");
        return new Owner(meta.path("namespace").asText(""), meta.path("name").asText(""), meta.path("uid").asText(""));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
