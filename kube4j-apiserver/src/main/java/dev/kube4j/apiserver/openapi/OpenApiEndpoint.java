package dev.kube4j.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.api.apiextensions.CustomResourceStrategy;
import dev.kube4j.api.openapi.OpenApiDocuments;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.http.HttpExchange;
import dev.kube4j.apiserver.http.NonResourceEndpoints;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ResourceRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Serves /openapi/v2 (JSON or gnostic protobuf) and /openapi/v3 with ETags, and checks request
 * bodies for unknown and duplicate fields against the same schemas. The documents are built in
 * the background once the server is ready, so they do not delay readiness, and again when the
 * served resources change (a CRD established, updated or deleted).
 */
public final class OpenApiEndpoint implements NonResourceEndpoints.OpenApi {

    /** Documents built from one generation of the resource registry. */
    private record Build(long generation, CompletableFuture<OpenApiDocuments> documents) {
    }

    private final ResourceRegistry resources;
    private volatile Build current;

    public OpenApiEndpoint(ResourceRegistry resources) {
        this.resources = resources;
    }

    /** Starts building the documents in the background (called once the server is ready). */
    public void warmUp() {
        build();
    }

    /** The documents of the registry's current generation, building them if a CRD changed what is served. */
    private synchronized Build build() {
        long generation = resources.generation();
        Build b = current;
        if (b != null && b.generation() == generation) {
            return b;
        }
        CompletableFuture<OpenApiDocuments> docs = new CompletableFuture<>();
        List<ApiResource> served = resources.all();
        Thread.ofVirtual().name("openapi-build").start(() -> {
            try {
                docs.complete(OpenApiDocuments.build(served.stream().map(ApiResource::def).toList(),
                        customSchemas(served)));
            } catch (RuntimeException | Error e) {
                docs.completeExceptionally(e);
            }
        });
        current = new Build(generation, docs);
        return current;
    }

    /** The schemas of the served custom resources, from their CRD versions. */
    private static Map<GroupVersionKind, JsonNode> customSchemas(List<ApiResource> served) {
        Map<GroupVersionKind, JsonNode> out = new HashMap<>();
        for (ApiResource r : served) {
            if (r.strategy() instanceof CustomResourceStrategy cr) {
                out.put(r.def().gvk(), cr.version().openApiSchema());
            }
        }
        return out;
    }

    @Override
    public boolean serve(HttpExchange ex, String path) {
        Optional<OpenApiDocuments.Document> doc = documents().lookup(path, ex.header("Accept"));
        if (doc.isEmpty()) {
            return false;
        }
        OpenApiDocuments.Document d = doc.get();
        var headers = ex.response().getHeaders();
        headers.put("ETag", d.etag());
        headers.put("Vary", "Accept");
        if (!ex.query("hash").isEmpty() && ex.query("hash").equals(d.hash())) {
            headers.put("Cache-Control", "public, immutable");
        }
        String ifNoneMatch = ex.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.equals(d.etag())) {
            ex.send(304, d.contentType(), new byte[0]);
            return true;
        }
        ex.send(200, d.contentType(), d.body());
        return true;
    }

    private OpenApiDocuments documents() {
        try {
            return build().documents().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("interrupted while building the OpenAPI documents");
        } catch (ExecutionException e) {
            throw ApiException.internal("building the OpenAPI documents failed: " + e.getCause());
        }
    }
}
