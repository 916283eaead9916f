package dev.kube4j.apiserver.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.discovery.DiscoveryDocuments;
import dev.kube4j.apiserver.metrics.ApiMetrics;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Health, version, metrics, discovery and OpenAPI: everything that is not a resource. */
public final class NonResourceEndpoints {

    /** Paths answered without authentication, as upstream's system:public-info-viewer allows. */
    public static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version", "/healthz/ping",
            "/livez/ping", "/readyz/ping");

    private static final Set<String> DISCOVERY_TRANSFORMS = Set.of(
            "APIGroupDiscoveryList;apidiscovery.k8s.io;v2", "APIGroupDiscoveryList;apidiscovery.k8s.io;v2beta1");

    /** Serves /openapi/v2 and /openapi/v3/… documents. */
    public interface OpenApi {
        /** Returns false when the path is not an OpenAPI document. */
        boolean serve(HttpExchange ex, String path);
    }

    private final DiscoveryDocuments discovery;
    private final ApiMetrics metrics;
    private final OpenApi openApi;
    private final BooleanSupplier ready;
    private final java.util.function.Supplier<String> serverAddress;
    private final ObjectNode version;

    public NonResourceEndpoints(DiscoveryDocuments discovery, ApiMetrics metrics, OpenApi openApi,
                                BooleanSupplier ready, java.util.function.Supplier<String> serverAddress) {
        this.discovery = discovery;
        this.metrics = metrics;
        this.openApi = openApi;
        this.ready = ready;
        this.serverAddress = serverAddress;
        this.version = versionInfo();
    }

    public static boolean isPublic(String path) {
        return PUBLIC.contains(path) || path.startsWith("/livez/") || path.startsWith("/readyz/")
                || path.startsWith("/healthz/");
    }

    public void handle(HttpExchange ex) {
        String path = ex.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
        }
        if (path.equals("/healthz") || path.equals("/livez") || path.startsWith("/healthz/") || path.startsWith("/livez/")) {
            text(ex, 200, "ok");
            return;
        }
        if (path.equals("/readyz") || path.startsWith("/readyz/")) {
            if (ready.getAsBoolean()) {
                text(ex, 200, "ok");
            } else {
                text(ex, 500, "[-]informer-sync failed: not ready yet\nreadyz check failed");
            }
            return;
        }
        switch (path) {
            case "/version" -> ex.sendJson(200, version, MediaTarget.JSON);
            case "/metrics" -> ex.send(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
            case "/api" -> {
                MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), DISCOVERY_TRANSFORMS);
                if (t.as().isEmpty()) {
                    ex.sendJson(200, discovery.apiVersions(serverAddress.get()), t);
                } else {
                    sendAggregated(ex, discovery.aggregated(true, t.version()), t);
                }
            }
            case "/apis" -> {
                MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), DISCOVERY_TRANSFORMS);
                if (t.as().isEmpty()) {
                    ex.sendJson(200, discovery.apiGroupList(), t);
                } else {
                    sendAggregated(ex, discovery.aggregated(false, t.version()), t);
                }
            }
            case "/" -> ex.sendJson(200, rootPaths(), MediaTarget.JSON);
            default -> {
                if (path.startsWith("/openapi/") && openApi.serve(ex, path)) {
                    return;
                }
                ObjectNode doc = discoveryPath(path);
                if (doc == null) {
                    throw ApiException.pathNotFound();
                }
                ex.sendJson(200, doc, MediaTarget.negotiate(ex.header("Accept"), Set.of()));
            }
        }
    }

    /**
     * Aggregated discovery with an ETag (a hash of the document), answering 304 to a matching
     * If-None-Match, as upstream: clients revalidate their cached copy, and a new CRD changes the tag.
     */
    private static void sendAggregated(HttpExchange ex, ObjectNode doc, MediaTarget t) {
        String etag = DiscoveryDocuments.etag(doc);
        ex.response().getHeaders().put("ETag", etag);
        if (etag.equals(ex.header("If-None-Match"))) {
            ex.send(304, t.contentType(), new byte[0]);
            return;
        }
        ex.sendJson(200, doc, t);
    }

    private ObjectNode discoveryPath(String path) {
        String[] p = path.substring(1).split("/");
        if (p.length == 2 && p[0].equals("api")) {
            return discovery.apiResourceList("", p[1]);
        }
        if (p.length == 2 && p[0].equals("apis")) {
            return discovery.apiGroup(p[1]);
        }
        if (p.length == 3 && p[0].equals("apis")) {
            return discovery.apiResourceList(p[1], p[2]);
        }
        return null;
    }

    private ObjectNode rootPaths() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        var paths = n.putArray("paths");
        paths.add("/api");
        paths.add("/api/v1");
        paths.add("/apis");
        discovery.groupVersionPaths().stream().filter(s -> s.startsWith("/apis/")).forEach(paths::add);
        for (String s : new String[]{"/healthz", "/livez", "/metrics", "/openapi/v2", "/openapi/v3", "/readyz", "/version"}) {
            paths.add(s);
        }
        return n;
    }

    private static void text(HttpExchange ex, int code, String body) {
        ex.send(code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The Kubernetes version this server implements (kubectl compares it for skew warnings). */
    private static ObjectNode versionInfo() {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("emulationMajor", "1");
        v.put("emulationMinor", "32");
        v.put("gitVersion", "v1.32.0-kube4j");
        v.put("gitCommit", "unknown");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-11-24T00:00:00Z");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "kube4j");
        v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
        return v;
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}
