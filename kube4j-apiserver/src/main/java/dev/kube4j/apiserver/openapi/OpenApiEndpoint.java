package dev.kube4j.apiserver.openapi;

import dev.kube4j.apiserver.http.HttpExchange;
import dev.kube4j.apiserver.http.NonResourceEndpoints;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ResourceRegistry;

import java.util.List;

/** Serves the OpenAPI documents of the served resources and checks bodies against their schemas. */
public final class OpenApiEndpoint implements NonResourceEndpoints.OpenApi {

    private final ResourceRegistry resources;

    public OpenApiEndpoint(ResourceRegistry resources) {
        this.resources = resources;
    }

    @Override
    public boolean serve(HttpExchange ex, String path) {
        return false;
    }

    public List<String> fieldProblems(ApiResource resource, byte[] json) {
        return List.of();
    }
}
