package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kube4j.api.schema.FieldValidator;
import dev.kube4j.apimachinery.meta.GroupVersion;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny plain-HTTP API server for driving the real kubectl in tests: discovery, /version, the
 * OpenAPI documents, and create/get/patch of objects kept in memory, with server-side field
 * validation. Records every request.
 */
final class StubApiServer implements AutoCloseable {

    /** How /openapi/v2 behaves. */
    enum V2Mode { SERVED, MISSING, BROKEN }

    record Request(String method, String uri, String contentType, String body) {
        String query() {
            int q = uri.indexOf('?');
            return q < 0 ? "" : uri.substring(q + 1);
        }

        String path() {
            int q = uri.indexOf('?');
            return q < 0 ? uri : uri.substring(0, q);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ResourceDefinition> resources;
    private final OpenApiDocuments docs;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    volatile V2Mode v2Mode = V2Mode.SERVED;

    StubApiServer(List<ResourceDefinition> resources, OpenApiDocuments docs) throws IOException {
        this.resources = resources;
        this.docs = docs;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clear() {
        requests.clear();
        objects.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String uri = ex.getRequestURI().toString();
            byte[] body = ex.getRequestBody().readAllBytes();
            Request req = new Request(method, uri, ex.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8));
            requests.add(req);
            String path = req.path();
            if (method.equals("GET")) {
                if (path.startsWith("/openapi/")) {
                    openapi(ex, path);
                    return;
                }
                Optional<JsonNode> discovery = discovery(path);
                if (discovery.isPresent()) {
                    send(ex, 200, discovery.get());
                    return;
                }
                byte[] obj = objects.get(path);
                if (obj != null) {
                    send(ex, 200, "application/json", obj);
                    return;
                }
                notFound(ex, path);
                return;
            }
            Optional<Target> target = target(path);
            if (target.isEmpty()) {
                notFound(ex, path);
                return;
            }
            Target t = target.get();
            switch (method) {
                case "POST" -> create(ex, req, t, body);
                case "PATCH", "PUT" -> {
                    byte[] current = objects.get(path);
                    if (current == null) {
                        notFound(ex, path);
                    } else {
                        send(ex, 200, "application/json", current);
                    }
                }
                default -> notFound(ex, path);
            }
        }
    }

    private void create(HttpExchange ex, Request req, Target t, byte[] body) throws IOException {
        Map<String, String> query = query(req.query());
        FieldValidator.Directive directive = FieldValidator.Directive.parse(query.get("fieldValidation"))
                .orElse(FieldValidator.Directive.STRICT);
        ObjectNode obj = (ObjectNode) MAPPER.readTree(body);
        if (directive != FieldValidator.Directive.IGNORE) {
            FieldValidator.Result r = FieldValidator.builtin().validate(body, t.rd.gvk());
            if (!r.isEmpty()) {
                if (directive == FieldValidator.Directive.STRICT) {
                    ObjectNode status = F.objectNode();
                    status.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                            .put("message", r.badRequestMessage(t.rd.gvk())).put("reason", "BadRequest")
                            .put("code", 400);
                    status.putObject("metadata");
                    send(ex, 400, status);
                    return;
                }
                r.warnings().forEach(w -> ex.getResponseHeaders().add("Warning", FieldValidator.warningHeader(w)));
            }
        }
        ObjectNode meta = obj.with("metadata");
        String name = meta.path("name").asText();
        if (t.rd.namespaced()) {
            meta.put("namespace", t.namespace);
        }
        meta.put("uid", "00000000-0000-0000-0000-000000000001");
        meta.put("resourceVersion", "1");
        meta.put("creationTimestamp", "2025-01-01T00:00:00Z");
        byte[] stored = MAPPER.writeValueAsBytes(obj);
        objects.put(t.collection + "/" + name, stored);
        send(ex, 201, "application/json", stored);
    }

    private record Target(ResourceDefinition rd, String namespace, String collection) {
    }

    /** The resource a write path addresses: {@code /apis/apps/v1/namespaces/ns/deployments[/name]}. */
    private Optional<Target> target(String path) {
        for (ResourceDefinition rd : resources) {
            String prefix = rd.gvk().groupVersion().path();
            if (!path.startsWith(prefix + "/")) {
                continue;
            }
            String[] parts = path.substring(prefix.length() + 1).split("/");
            if (rd.namespaced() && parts.length >= 3 && parts[0].equals("namespaces") && parts[2].equals(rd.plural())) {
                return Optional.of(new Target(rd, parts[1], prefix + "/namespaces/" + parts[1] + "/" + rd.plural()));
            }
            if (!rd.namespaced() && parts.length >= 1 && parts[0].equals(rd.plural())) {
                return Optional.of(new Target(rd, "", prefix + "/" + rd.plural()));
            }
        }
        return Optional.empty();
    }

    private void openapi(HttpExchange ex, String path) throws IOException {
        if (path.startsWith("/openapi/v2")) {
            switch (v2Mode) {
                case MISSING -> {
                    notFound(ex, path);
                    return;
                }
                case BROKEN -> {
                    send(ex, 200, OpenApiDocuments.V2_PROTOBUF, new byte[] {(byte) 0xFF, 0x01, 0x02});
                    return;
                }
                default -> {
                }
            }
        }
        Optional<OpenApiDocuments.Document> doc = docs.lookup(path,
                ex.getRequestHeaders().getFirst("Accept"));
        if (doc.isEmpty()) {
            notFound(ex, path);
            return;
        }
        ex.getResponseHeaders().add("ETag", doc.get().etag());
        send(ex, 200, doc.get().contentType(), doc.get().body());
    }

    private Optional<JsonNode> discovery(String path) {
        Map<GroupVersion, List<ResourceDefinition>> byGv = new TreeMap<>(
                java.util.Comparator.comparing(GroupVersion::group).thenComparing(GroupVersion::version));
        for (ResourceDefinition rd : resources) {
            byGv.computeIfAbsent(rd.gvk().groupVersion(), k -> new ArrayList<>()).add(rd);
        }
        switch (path) {
            case "/version" -> {
                ObjectNode v = F.objectNode();
                v.put("major", "1").put("minor", "33").put("gitVersion", "v1.33.0").put("gitCommit", "stub")
                        .put("gitTreeState", "clean").put("buildDate", "2025-01-01T00:00:00Z")
                        .put("goVersion", "go1.24").put("compiler", "gc").put("platform", "linux/amd64");
                return Optional.of(v);
            }
            case "/api" -> {
                ObjectNode v = F.objectNode();
                v.put("kind", "APIVersions");
                v.putArray("versions").add("v1");
                ObjectNode cidr = v.putArray("serverAddressByClientCIDRs").addObject();
                cidr.put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
                return Optional.of(v);
            }
            case "/apis" -> {
                ObjectNode v = F.objectNode();
                v.put("kind", "APIGroupList").put("apiVersion", "v1");
                ArrayNode groups = v.putArray("groups");
                Map<String, List<GroupVersion>> byGroup = new LinkedHashMap<>();
                byGv.keySet().stream().filter(gv -> !gv.group().isEmpty())
                        .forEach(gv -> byGroup.computeIfAbsent(gv.group(), k -> new ArrayList<>()).add(gv));
                byGroup.forEach((g, gvs) -> {
                    ObjectNode group = groups.addObject();
                    group.put("name", g);
                    ArrayNode versions = group.putArray("versions");
                    gvs.forEach(gv -> versions.addObject().put("groupVersion", gv.apiVersion())
                            .put("version", gv.version()));
                    group.putObject("preferredVersion").put("groupVersion", gvs.get(0).apiVersion())
                            .put("version", gvs.get(0).version());
                });
                return Optional.of(v);
            }
            default -> {
            }
        }
        for (Map.Entry<GroupVersion, List<ResourceDefinition>> e : byGv.entrySet()) {
            if (path.equals(e.getKey().path())) {
                ObjectNode v = F.objectNode();
                v.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", e.getKey().apiVersion());
                ArrayNode list = v.putArray("resources");
                for (ResourceDefinition rd : e.getValue()) {
                    ObjectNode r = list.addObject();
                    r.put("name", rd.plural()).put("singularName", rd.singular()).put("namespaced", rd.namespaced())
                            .put("kind", rd.kind());
                    ArrayNode verbs = r.putArray("verbs");
                    rd.verbs().stream().sorted().forEach(verbs::add);
                    ArrayNode sn = r.putArray("shortNames");
                    rd.shortNames().forEach(sn::add);
                    ArrayNode cat = r.putArray("categories");
                    rd.categories().forEach(cat::add);
                    for (String sub : rd.subresources().stream().sorted().toList()) {
                        ObjectNode s = list.addObject();
                        GroupVersionKind k = sub.equals("scale") ? new GroupVersionKind("autoscaling", "v1", "Scale")
                                : rd.gvk();
                        s.put("name", rd.plural() + "/" + sub).put("singularName", "")
                                .put("namespaced", rd.namespaced()).put("kind", k.kind());
                        if (!k.group().equals(rd.group())) {
                            s.put("group", k.group()).put("version", k.version());
                        }
                        s.putArray("verbs").add("get").add("patch").add("update");
                    }
                }
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        if (q.isEmpty()) {
            return out;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private void notFound(HttpExchange ex, String path) throws IOException {
        ObjectNode status = F.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", "the server could not find the requested resource").put("reason", "NotFound")
                .put("code", 404);
        status.putObject("metadata");
        send(ex, 404, status);
    }

    private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
        send(ex, code, "application/json", MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}
