package dev.kube4j.apiserver.openapi;

import dev.kube4j.api.openapi.OpenApiDocuments;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.http.HttpExchange;
import dev.kube4j.apiserver.http.NonResourceEndpoints;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ResourceRegistry;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Serves /openapi/v2 (JSON or gnostic protobuf) and /openapi/v3 with ETags, and checks request
 * bodies for unknown and duplicate fields against the same schemas. The documents are built in
 * the background once the server is ready, so they do not delay readiness.
 */
public final class OpenApiEndpoint implements NonResourceEndpoints.OpenApi {

    private final ResourceRegistry resources;
    private final CompletableFuture<OpenApiDocuments> documents = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    public OpenApiEndpoint(ResourceRegistry resources) {
        this.resources = resources;
    }

    /** Starts building the documents in the background (called once the server is ready). */
    public void warmUp() {
        if (started.compareAndSet(false, true)) {
            Thread.ofVirtual().name("openapi-build").start(() -> {
                try {
                    documents.complete(OpenApiDocuments.build(resources.all().stream().map(ApiResource::def).toList()));
                } catch (RuntimeException | Error e) {
                    documents.completeExceptionally(e);
                }
            });
        }
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
        warmUp();
        try {
            return documents.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("interrupted while building the OpenAPI documents");
        } catch (ExecutionException e) {
            throw ApiException.internal("building the OpenAPI documents failed: " + e.getCause());
        }
    }
}
