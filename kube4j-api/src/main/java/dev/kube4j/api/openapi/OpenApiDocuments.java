package dev.kube4j.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.schema.Definition;
import dev.kube4j.api.schema.DefinitionNames;
import dev.kube4j.api.schema.Property;
import dev.kube4j.api.schema.SchemaRegistry;
import dev.kube4j.api.schema.SchemaType;
import dev.kube4j.apimachinery.meta.GroupVersion;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.kube4j.api.openapi.SchemaRenderer.F;

/**
 * The OpenAPI documents of the served built-in resources, rendered once to bytes:
 * <ul>
 *   <li>{@code /openapi/v3}: the index, {@code {"paths": {"api/v1": {"serverRelativeURL":
 *       "/openapi/v3/api/v1?hash=..."}, ...}}};</li>
 *   <li>{@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}, ... (also {@code api},
 *       {@code apis}, {@code apis/<group>}, {@code version}): OpenAPI 3.0 JSON per group version;</li>
 *   <li>{@code /openapi/v2}: Swagger 2.0 as JSON, and as protobuf (gnostic {@code openapi_v2.Document}),
 *       which is what kubectl asks for.</li>
 * </ul>
 *
 * <p>Server use: build once at start-up from the served {@link ResourceDefinition}s, then for a
 * GET answer {@link #lookup(String, String)} (path without query, Accept header): send
 * {@link Document#body()} with {@link Document#contentType()}, {@code ETag: }{@link Document#etag()}
 * (and 304 on a matching {@code If-None-Match}). For v3 group-version URLs carrying
 * {@code ?hash=}, upstream adds {@code Cache-Control: public, immutable} when the hash is the
 * current one ({@link Document#hash()}), and redirects (301) to {@link #v3Url(String)} otherwise.
 */
public final class OpenApiDocuments {

    public static final String JSON = "application/json";
    /**
     * The media type of /openapi/v2 as protobuf, as upstream sends it in {@code Content-Type}.
     * (Go's mime parser used by kubectl 1.27/1.28 rejects the {@code @} form in a response.)
     */
    public static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    /** The media type kubectl (client-go discovery) puts in {@code Accept} for the same thing. */
    public static final String V2_PROTOBUF_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    public static final String DEFAULT_KUBERNETES_VERSION = "v1.33.0";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One pre-rendered document.
     *
     * @param path        the URL path it is served at, without query
     * @param contentType the media type of {@code body}
     * @param body        the bytes to send
     * @param hash        upper-case hex SHA-512 of the body (as upstream's {@code hash=})
     *                    <p>The body array is shared: never modify it.
     */
    public record Document(String path, String contentType, byte[] body, String hash) {
        /** A strong ETag: the quoted hash. */
        public String etag() {
            return "\"" + hash + "\"";
        }
    }

    private final Document v2Json;
    private final Document v2Protobuf;
    private final Document v3Index;
    private final Map<String, Document> v3;

    private OpenApiDocuments(Document v2Json, Document v2Protobuf, Document v3Index, Map<String, Document> v3) {
        this.v2Json = v2Json;
        this.v2Protobuf = v2Protobuf;
        this.v3Index = v3Index;
        this.v3 = v3;
    }

    /** Builds every document for the resources, with the built-in schemas. */
    public static OpenApiDocuments build(List<ResourceDefinition> resources) {
        return build(resources, SchemaRegistry.builtin(), DEFAULT_KUBERNETES_VERSION);
    }

    public static OpenApiDocuments build(List<ResourceDefinition> resources, SchemaRegistry registry,
                                         String kubernetesVersion) {
        return new Builder(resources, registry, kubernetesVersion, Map.of()).build();
    }

    /**
     * Builds every document for the resources, built-in ones with the built-in schemas and custom
     * resources with their CRD version's {@code openAPIV3Schema} (keyed by kind).
     */
    public static OpenApiDocuments build(List<ResourceDefinition> resources,
                                         Map<GroupVersionKind, JsonNode> customSchemas) {
        return new Builder(resources, SchemaRegistry.builtin(), DEFAULT_KUBERNETES_VERSION, customSchemas).build();
    }

    /** Swagger 2.0 as JSON. */
    public Document v2Json() {
        return v2Json;
    }

    /** Swagger 2.0 as gnostic {@code openapi_v2.Document} protobuf. */
    public Document v2Protobuf() {
        return v2Protobuf;
    }

    /** The /openapi/v3 index. */
    public Document v3Index() {
        return v3Index;
    }

    /** The v3 document of {@code api/v1}, {@code apis/apps/v1}, {@code apis}, {@code version}... */
    public Optional<Document> v3(String key) {
        return Optional.ofNullable(v3.get(key));
    }

    /** Every v3 document by index key ({@code api/v1}, {@code apis/apps/v1}, ...), sorted. */
    public Map<String, Document> v3Documents() {
        return v3;
    }

    /** The current URL of a v3 document, with its hash: {@code /openapi/v3/apis/apps/v1?hash=...}. */
    public Optional<String> v3Url(String key) {
        return v3(key).map(d -> d.path() + "?hash=" + d.hash());
    }

    /**
     * The document for a GET of {@code path} (no query string), negotiating /openapi/v2's
     * representation from {@code accept}: protobuf if the client accepts gnostic's protobuf
     * media type before JSON, else JSON. Empty if nothing is served there.
     */
    public Optional<Document> lookup(String path, String accept) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/openapi/v2")) {
            return Optional.of(prefersProtobuf(accept) ? v2Protobuf : v2Json);
        }
        if (p.equals("/openapi/v3")) {
            return Optional.of(v3Index);
        }
        if (p.startsWith("/openapi/v3/")) {
            return v3(p.substring("/openapi/v3/".length()));
        }
        return Optional.empty();
    }

    static boolean prefersProtobuf(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].strip();
            if (type.equals(V2_PROTOBUF) || type.equals(V2_PROTOBUF_ACCEPT)) {
                return true;
            }
            if (type.equals(JSON) || type.equals("*/*") || type.equals("application/*")) {
                return false;
            }
        }
        return false;
    }

    /** The definition name of a kind, as the built-in registry names it (or its synthesized list). */
    static String kindDefinitionName(GroupVersionKind gvk) {
        return SchemaRegistry.builtin().forKind(gvk).map(Definition::name)
                .orElseGet(() -> syntheticName(gvk));
    }

    private static String syntheticName(GroupVersionKind gvk) {
        String group = gvk.group().isEmpty() ? "core" : gvk.group();
        return "io.k8s.api." + group + "." + gvk.version() + "." + gvk.kind();
    }

    // ------------------------------------------------------------------ building

    private static final class Builder {
        final List<ResourceDefinition> resources;
        final SchemaRegistry registry;
        final String version;
        /** Definitions not in the registry (list kinds without a model class). */
        final Map<String, Definition> synthetic = new TreeMap<>();
        final Map<GroupVersion, List<ResourceDefinition>> byGv = new TreeMap<>(
                java.util.Comparator.comparing(GroupVersion::group).thenComparing(GroupVersion::version));

        /** Custom resources' schemas by definition name (not in the registry). */
        final Map<String, Map.Entry<GroupVersionKind, JsonNode>> custom = new TreeMap<>();

        Builder(List<ResourceDefinition> resources, SchemaRegistry registry, String version,
                Map<GroupVersionKind, JsonNode> customSchemas) {
            this.resources = resources;
            this.registry = registry;
            this.version = version;
            customSchemas.forEach((gvk, schema) -> custom.put(kindDefinitionName(gvk), Map.entry(gvk, schema)));
            for (ResourceDefinition rd : resources) {
                byGv.computeIfAbsent(rd.gvk().groupVersion(), k -> new ArrayList<>()).add(rd);
                if (rd.verbs().contains("list")) {
                    GroupVersionKind listGvk = new GroupVersionKind(rd.group(), rd.gvk().version(), rd.listKind());
                    if (registry.forKind(listGvk).isEmpty()) {
                        String name = syntheticName(listGvk);
                        Map<String, Property> props = new TreeMap<>();
                        props.put("apiVersion", new Property("apiVersion", SchemaType.Primitive.STRING, null, null,
                                null));
                        props.put("kind", new Property("kind", SchemaType.Primitive.STRING, null, null, null));
                        props.put("metadata", new Property("metadata", new SchemaType.Ref(DefinitionNames.LIST_META),
                                null, null, null));
                        props.put("items", new Property("items", new SchemaType.ArrayOf(
                                new SchemaType.Ref(kindDefinitionName(rd.gvk()))), null, null, null));
                        synthetic.put(name, new Definition(name, rd.listKind() + " is a list of " + rd.kind() + ".",
                                Definition.Shape.STRUCT, props, List.of("items"), List.of(listGvk)));
                    }
                }
            }
        }

        Definition definition(String name) {
            Definition d = registry.definitions().get(name);
            return d != null ? d : synthetic.get(name);
        }

        /** The given roots and everything they reference, over registry and synthetic definitions. */
        SortedSet<String> closure(Set<String> roots) {
            Set<String> registryRoots = new HashSet<>();
            SortedSet<String> out = new TreeSet<>();
            for (String r : roots) {
                if (custom.containsKey(r)) {
                    out.add(r);
                    registryRoots.add(DefinitionNames.OBJECT_META);
                    continue;
                }
                Definition s = synthetic.get(r);
                if (s != null) {
                    out.add(r);
                    for (Property p : s.properties().values()) {
                        collect(p.type(), registryRoots);
                    }
                } else {
                    registryRoots.add(r);
                }
            }
            out.addAll(registry.closure(registryRoots));
            return out;
        }

        private static void collect(SchemaType t, Set<String> out) {
            switch (t) {
                case SchemaType.Ref r -> out.add(r.name());
                case SchemaType.ArrayOf a -> collect(a.items(), out);
                case SchemaType.MapOf m -> collect(m.values(), out);
                default -> {
                }
            }
        }

        /** x-kubernetes-group-version-kind of a definition in the documents. */
        List<GroupVersionKind> gvks(Definition d) {
            if (d.name().equals(DefinitionNames.DELETE_OPTIONS) || d.name().equals(DefinitionNames.WATCH_EVENT)) {
                List<GroupVersionKind> out = new ArrayList<>();
                for (GroupVersion gv : byGv.keySet()) {
                    out.add(new GroupVersionKind(gv.group(), gv.version(), d.simpleName()));
                }
                return out;
            }
            return d.gvks();
        }

        OpenApiDocuments build() {
            // v3 per group version
            Map<String, Document> v3 = new TreeMap<>();
            Map<String, Map<String, Operations.PathItem>> allPaths = new TreeMap<>();
            for (Map.Entry<GroupVersion, List<ResourceDefinition>> e : byGv.entrySet()) {
                GroupVersion gv = e.getKey();
                Map<String, Operations.PathItem> paths = Operations.paths(gv, e.getValue());
                allPaths.put(gv.path(), paths);
                String key = gv.path().substring(1);
                v3.put(key, render(key, v3Document(paths)));
            }
            // v3 root documents
            Set<String> groups = new TreeSet<>();
            for (GroupVersion gv : byGv.keySet()) {
                if (!gv.group().isEmpty()) {
                    groups.add(gv.group());
                }
            }
            Map<String, Operations.PathItem> rootPaths = new TreeMap<>();
            rootPaths.put("/api/", simple("/api/", "getCoreAPIVersions", "get available API versions", "core",
                    DefinitionNames.META + "APIVersions"));
            v3.put("api", render("api", v3Document(Map.of("/api/", rootPaths.get("/api/")))));
            Operations.PathItem apis = simple("/apis/", "getAPIVersions", "get available API versions", "apis",
                    DefinitionNames.META + "APIGroupList");
            v3.put("apis", render("apis", v3Document(Map.of("/apis/", apis))));
            rootPaths.put("/apis/", apis);
            for (String g : groups) {
                String path = "/apis/" + g + "/";
                Operations.PathItem item = simple(path, "get" + Operations.capitalize(Operations.groupId(g))
                        + "APIGroup", "get information of a group", Operations.groupId(g),
                        DefinitionNames.META + "APIGroup");
                v3.put("apis/" + g, render("apis/" + g, v3Document(Map.of(path, item))));
                rootPaths.put(path, item);
            }
            Operations.PathItem versionItem = simple("/version/", "getCodeVersion", "get the version information "
                    + "for this server", "version", "io.k8s.apimachinery.pkg.version.Info");
            v3.put("version", render("version", v3Document(Map.of("/version/", versionItem))));
            rootPaths.put("/version/", versionItem);

            ObjectNode index = F.objectNode();
            ObjectNode ip = index.putObject("paths");
            for (Map.Entry<String, Document> e : v3.entrySet()) {
                ip.putObject(e.getKey()).put("serverRelativeURL", e.getValue().path() + "?hash=" + e.getValue().hash());
            }
            Document v3Index = document("/openapi/v3", JSON, bytes(index));

            // v2: everything in one document
            Map<String, Operations.PathItem> v2Paths = new TreeMap<>(rootPaths);
            allPaths.values().forEach(v2Paths::putAll);
            ObjectNode swagger = v2Document(v2Paths);
            byte[] v2 = bytes(swagger);
            Document v2Json = document("/openapi/v2", JSON, v2);
            byte[] proto = GnosticV2Encoder.encode(swagger);
            Document v2Proto = document("/openapi/v2", V2_PROTOBUF, proto);
            return new OpenApiDocuments(v2Json, v2Proto, v3Index, Collections.unmodifiableMap(v3));
        }

        private static Operations.PathItem simple(String path, String id, String description, String tag,
                                                  String response) {
            return new Operations.PathItem(path, List.of(), Map.of("get", new Operations.Op("get", id, description,
                    tag, null, null, List.of(), Operations.Body.NONE, null, List.of("200", "401"), response, false,
                    false)));
        }

        private Document render(String key, ObjectNode doc) {
            return document("/openapi/v3/" + key, JSON, bytes(doc));
        }

        // ---------------------------------------------------------- v3

        private ObjectNode v3Document(Map<String, Operations.PathItem> paths) {
            SchemaRenderer r = new SchemaRenderer(true);
            ObjectNode doc = F.objectNode();
            doc.put("openapi", "3.0.0");
            ObjectNode info = doc.putObject("info");
            info.put("title", "Kubernetes");
            info.put("version", version);
            ObjectNode p = doc.putObject("paths");
            Set<String> roots = new HashSet<>();
            for (Operations.PathItem item : new TreeMap<>(paths).values()) {
                p.set(item.path(), v3PathItem(item, r, roots));
            }
            ObjectNode components = doc.putObject("components");
            putDefinitions(components.putObject("schemas"), roots, r);
            putBearerToken(doc, components.putObject("securitySchemes"));
            return doc;
        }

        /** Every definition reachable from {@code roots}, rendered by {@code r}. */
        private void putDefinitions(ObjectNode into, Set<String> roots, SchemaRenderer r) {
            for (String name : closure(roots)) {
                Definition d = definition(name);
                if (d != null) {
                    into.set(name, r.definition(d, gvks(d)));
                } else if (custom.containsKey(name)) {
                    var c = custom.get(name);
                    into.set(name, CustomResourceSchemas.definition(c.getKey(), c.getValue(), r.isV3()));
                }
            }
        }

        /** Upstream's BearerToken security scheme, declared in {@code schemes} and required by {@code doc}. */
        private static void putBearerToken(ObjectNode doc, ObjectNode schemes) {
            ObjectNode sec = schemes.putObject("BearerToken");
            sec.put("description", "Bearer Token authentication");
            sec.put("in", "header");
            sec.put("name", "authorization");
            sec.put("type", "apiKey");
            doc.putArray("security").addObject().putArray("BearerToken");
        }

        private ObjectNode v3PathItem(Operations.PathItem item, SchemaRenderer r, Set<String> roots) {
            ObjectNode n = F.objectNode();
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
                Operations.Op op = item.ops().get(method);
                if (op == null) {
                    continue;
                }
                ObjectNode o = n.putObject(method);
                o.put("description", op.description());
                o.put("operationId", op.operationId());
                o.putArray("tags").add(op.tag());
                if (!op.params().isEmpty()) {
                    ArrayNode params = o.putArray("parameters");
                    op.params().forEach(prm -> params.add(v3Param(prm)));
                }
                if (op.body() != Operations.Body.NONE) {
                    roots.add(op.bodySchema());
                    ObjectNode rb = o.putObject("requestBody");
                    ObjectNode content = rb.putObject("content");
                    List<String> types = op.body() == Operations.Body.PATCH ? Operations.PATCH_TYPES : List.of("*/*");
                    for (String t : types) {
                        content.putObject(t).set("schema", r.ref(op.bodySchema()));
                    }
                    if (op.method().equals("post") || op.method().equals("put") || op.method().equals("patch")) {
                        rb.put("required", true);
                    }
                }
                ObjectNode responses = o.putObject("responses");
                for (String code : op.responseCodes()) {
                    ObjectNode resp = responses.putObject(code);
                    resp.put("description", describe(code));
                    if (code.equals("401")) {
                        continue;
                    }
                    ObjectNode content = resp.putObject("content");
                    if (op.textResponse()) {
                        content.putObject("*/*").putObject("schema").put("type", "string");
                    } else if (op.responseSchema() != null) {
                        roots.add(op.responseSchema());
                        for (String t : op.watchResponse()
                                ? List.of(JSON, "application/json;stream=watch", "application/yaml")
                                : List.of(JSON, "application/yaml")) {
                            content.putObject(t).set("schema", r.ref(op.responseSchema()));
                        }
                    }
                }
                if (op.action() != null) {
                    o.put("x-kubernetes-action", op.action());
                }
                if (op.gvk() != null) {
                    o.set("x-kubernetes-group-version-kind", SchemaRenderer.gvk(op.gvk()));
                }
            }
            if (!item.params().isEmpty()) {
                ArrayNode params = n.putArray("parameters");
                item.params().forEach(prm -> params.add(v3Param(prm)));
            }
            return n;
        }

        private static ObjectNode v3Param(Operations.Param p) {
            ObjectNode n = F.objectNode();
            n.put("name", p.name());
            n.put("in", p.in());
            n.put("description", p.description());
            if (p.required()) {
                n.put("required", true);
            }
            ObjectNode s = n.putObject("schema");
            s.put("type", p.type());
            if (p.uniqueItems()) {
                s.put("uniqueItems", true);
            }
            return n;
        }

        private static String describe(String code) {
            return switch (code) {
                case "200" -> "OK";
                case "201" -> "Created";
                case "202" -> "Accepted";
                case "401" -> "Unauthorized";
                default -> code;
            };
        }

        // ---------------------------------------------------------- v2

        private ObjectNode v2Document(Map<String, Operations.PathItem> paths) {
            SchemaRenderer r = new SchemaRenderer(false);
            ObjectNode doc = F.objectNode();
            doc.put("swagger", "2.0");
            ObjectNode info = doc.putObject("info");
            info.put("title", "Kubernetes");
            info.put("version", version);
            ObjectNode p = doc.putObject("paths");
            Set<String> roots = new HashSet<>();
            for (Operations.PathItem item : paths.values()) {
                p.set(item.path(), v2PathItem(item, r, roots));
            }
            // every kind's definition, as upstream publishes all of them
            for (ResourceDefinition rd : resources) {
                roots.add(kindDefinitionName(rd.gvk()));
            }
            putDefinitions(doc.putObject("definitions"), roots, r);
            putBearerToken(doc, doc.putObject("securityDefinitions"));
            return doc;
        }

        private ObjectNode v2PathItem(Operations.PathItem item, SchemaRenderer r, Set<String> roots) {
            ObjectNode n = F.objectNode();
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
                Operations.Op op = item.ops().get(method);
                if (op == null) {
                    continue;
                }
                ObjectNode o = n.putObject(method);
                ArrayNode consumes = o.putArray("consumes");
                (op.body() == Operations.Body.PATCH ? Operations.PATCH_TYPES : List.of("*/*")).forEach(consumes::add);
                o.put("description", op.description());
                o.put("operationId", op.operationId());
                ArrayNode params = F.arrayNode();
                if (op.body() != Operations.Body.NONE) {
                    roots.add(op.bodySchema());
                    ObjectNode body = params.addObject();
                    body.put("in", "body");
                    body.put("name", "body");
                    body.put("required", op.body() == Operations.Body.PATCH || !op.method().equals("delete"));
                    body.set("schema", r.ref(op.bodySchema()));
                }
                op.params().forEach(prm -> params.add(v2Param(prm)));
                if (!params.isEmpty()) {
                    o.set("parameters", params);
                }
                ArrayNode produces = o.putArray("produces");
                if (op.textResponse()) {
                    produces.add("*/*");
                } else {
                    produces.add(JSON).add("application/yaml");
                    if (op.watchResponse()) {
                        produces.add("application/json;stream=watch");
                    }
                }
                ObjectNode responses = o.putObject("responses");
                for (String code : op.responseCodes()) {
                    ObjectNode resp = responses.putObject(code);
                    resp.put("description", describe(code));
                    if (code.equals("401")) {
                        continue;
                    }
                    if (op.textResponse()) {
                        resp.putObject("schema").put("type", "string");
                    } else if (op.responseSchema() != null) {
                        roots.add(op.responseSchema());
                        resp.set("schema", r.ref(op.responseSchema()));
                    }
                }
                o.putArray("schemes").add("https");
                o.putArray("tags").add(op.tag());
                if (op.action() != null) {
                    o.put("x-kubernetes-action", op.action());
                }
                if (op.gvk() != null) {
                    o.set("x-kubernetes-group-version-kind", SchemaRenderer.gvk(op.gvk()));
                }
            }
            if (!item.params().isEmpty()) {
                ArrayNode params = n.putArray("parameters");
                item.params().forEach(prm -> params.add(v2Param(prm)));
            }
            return n;
        }

        private static ObjectNode v2Param(Operations.Param p) {
            ObjectNode n = F.objectNode();
            n.put("description", p.description());
            n.put("in", p.in());
            n.put("name", p.name());
            if (p.required()) {
                n.put("required", true);
            }
            n.put("type", p.type());
            if (p.uniqueItems()) {
                n.put("uniqueItems", true);
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Document document(String path, String contentType, byte[] body) {
        return new Document(path, contentType, body, sha512(body));
    }

    static String sha512(byte[] body) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
