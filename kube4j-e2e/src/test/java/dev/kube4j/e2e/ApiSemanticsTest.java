package dev.kube4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kube4j.pki.KubeconfigTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw-HTTP checks of upstream Kubernetes API semantics: status codes and the exact Status
 * reason/message wording clients match on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSemanticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_CT = "application/json";
    private static final String MERGE = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String SMP = "application/strategic-merge-patch+json";

    private TestCluster cluster;
    private HttpClient client;
    private String base;
    private final AtomicInteger seq = new AtomicInteger();

    record Resp(int code, byte[] raw, java.net.http.HttpHeaders headers) {
        String body() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + code + "): " + body(), e);
            }
        }
    }

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start();
        KubeconfigTls tls = KubeconfigTls.load(cluster.kubeconfig());
        base = tls.server();
        client = HttpClient.newBuilder().sslContext(tls.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private Resp send(HttpClient c, String method, String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Resp(r.statusCode(), r.body(), r.headers());
    }

    private Resp req(String method, String path, String contentType, String body, String... headers) throws Exception {
        return send(client, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private Resp get(String path, String... headers) throws Exception {
        return req("GET", path, null, null, headers);
    }

    private Resp post(String path, String json) throws Exception {
        return req("POST", path, JSON_CT, json);
    }

    private Resp put(String path, String json) throws Exception {
        return req("PUT", path, JSON_CT, json);
    }

    private Resp patch(String path, String type, String json) throws Exception {
        return req("PATCH", path, type, json);
    }

    private Resp delete(String path) throws Exception {
        return req("DELETE", path, null, null);
    }

    private static void assertStatus(Resp r, int code, String reason, String message) {
        assertThat(r.code()).as("HTTP code of %s", r.body()).isEqualTo(code);
        JsonNode s = r.json();
        assertThat(s.path("kind").asText()).as(r.body()).isEqualTo("Status");
        assertThat(s.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(s.path("status").asText()).isEqualTo("Failure");
        assertThat(s.path("code").asInt()).isEqualTo(code);
        assertThat(s.path("reason").asText()).as(r.body()).isEqualTo(reason);
        if (message != null) {
            assertThat(s.path("message").asText()).as(r.body()).isEqualTo(message);
        }
    }

    private static void assertStatusPrefix(Resp r, int code, String reason, String messagePrefix) {
        assertStatus(r, code, reason, null);
        assertThat(r.json().path("message").asText()).startsWith(messagePrefix);
    }

    private JsonNode ok(Resp r, int code) {
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        return r.json();
    }

    private String namespace() throws Exception {
        String ns = "sem-" + seq.incrementAndGet();
        ok(post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}"), 201);
        return ns;
    }

    private static String pod(String name, String extraMeta) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"" + extraMeta + "},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}";
    }

    private static String cm(String name, String labels) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\""
                + (labels == null ? "" : ",\"labels\":" + labels) + "},\"data\":{\"k\":\"v\"}}";
    }

    private static String deployment(String name, int replicas) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"containers\":["
                + "{\"name\":\"web\",\"image\":\"nginx:1\"},{\"name\":\"side\",\"image\":\"busybox:1\"}]}}}}";
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void anonymousRequestsAreUnauthorizedExceptHealthAndVersion() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[]{new TrustAll()}, null);
        HttpClient anon = HttpClient.newBuilder().sslContext(trustAll).version(HttpClient.Version.HTTP_1_1).build();
        assertStatus(send(anon, "GET", "/api/v1/pods", null, null), 401, "Unauthorized", "Unauthorized");
        for (String p : List.of("/healthz", "/livez", "/readyz")) {
            Resp r = send(anon, "GET", p, null, null);
            assertThat(r.code()).as(p).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        }
        Resp v = send(anon, "GET", "/version", null, null);
        assertThat(v.code()).isEqualTo(200);
        assertThat(v.json().path("major").asText()).isEqualTo("1");
        assertThat(v.json().path("gitVersion").asText()).startsWith("v1.32");
    }

    // ---------------------------------------------------------------- request decoding

    @Test
    void malformedBodiesAreBadRequests() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/pods";
        Resp json = req("POST", path, JSON_CT, "{\"apiVersion\":\"v1\",\"kind\":");
        assertStatusPrefix(json, 400, "BadRequest", "the object provided is unrecognized (must be of type Pod): "
                + "couldn't get version/kind; json parse error: ");
        assertThat(json.json().path("message").asText()).endsWith("({\"apiVersion\":\"v1\",\"kind\":)");
        Resp yaml = req("POST", path, "application/yaml", "apiVersion: v1\nkind: Pod\nmetadata: [name: x\n  bad: : :\n");
        assertStatusPrefix(yaml, 400, "BadRequest", "the object provided is unrecognized (must be of type Pod): "
                + "error converting YAML to JSON: yaml: ");
        assertThat(get(path).json().path("items")).isEmpty();
    }

    @Test
    void bodyOverThreeMebibytesIsTooLarge() throws Exception {
        String ns = namespace();
        String big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\""
                + "x".repeat(3 * 1024 * 1024 + 10) + "\"}}";
        assertStatus(post("/api/v1/namespaces/" + ns + "/configmaps", big), 413, "RequestEntityTooLarge",
                "Request entity too large: limit is 3145728");
    }

    @Test
    void unknownResourceIsNotFound() throws Exception {
        Resp r = get("/api/v1/namespaces/default/frobnicators");
        assertStatus(r, 404, "NotFound", "the server could not find the requested resource");
        assertStatus(get("/apis/nosuch.example.com/v1/widgets"), 404, "NotFound",
                "the server could not find the requested resource");
    }

    @Test
    void kindAndApiVersionMustMatchTheUrl() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/pods";
        Resp wrongKind = post(path, "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"a\"},"
                + "\"spec\":{\"ports\":[{\"port\":80}]}}");
        assertStatusPrefix(wrongKind, 400, "BadRequest", "Service in version \"v1\" cannot be handled as a Pod");
        Resp wrongVersion = post("/apis/apps/v1/namespaces/" + ns + "/deployments",
                deployment("d", 1).replace("\"apps/v1\"", "\"apps/v1beta1\""));
        assertStatus(wrongVersion, 400, "BadRequest",
                "the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)");
        assertThat(get(path).json().path("items")).isEmpty();
        assertThat(get("/apis/apps/v1/namespaces/" + ns + "/deployments").json().path("items")).isEmpty();
    }

    @Test
    void namespaceInBodyMustMatchTheUrl() throws Exception {
        String ns = namespace();
        Resp r = post("/api/v1/namespaces/" + ns + "/configmaps",
                cm("a", null).replace("\"name\":\"a\"", "\"name\":\"a\",\"namespace\":\"other\""));
        assertStatus(r, 400, "BadRequest",
                "the namespace of the provided object does not match the namespace sent on the request");
    }

    @Test
    void nameInBodyMustMatchTheUrlOnPut() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("a", null)), 201);
        Resp r = put(path + "/a", cm("b", null));
        assertStatus(r, 400, "BadRequest", "the name of the object (b) does not match the name on the URL (a)");
    }

    @Test
    void protobufOnlyAcceptIsNotAcceptable() throws Exception {
        Resp r = get("/api/v1/namespaces/default/configmaps", "Accept", "application/vnd.kubernetes.protobuf");
        assertStatusPrefix(r, 406, "NotAcceptable", "only the following media types are accepted: ");
    }

    @Test
    void unsupportedMethodsSubresourcesAndPatchTypes() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("m", null)), 201);
        assertStatus(put(path, cm("m", null)), 405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource");
        assertStatus(get(path + "/m/status"), 404, "NotFound", "the server could not find the requested resource");
        Resp badPatch = patch(path + "/m", "text/plain", "{}");
        assertStatusPrefix(badPatch, 415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, ");
        assertStatus(patch(path, MERGE, "{}"), 405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource");
        assertStatus(post(path + "/m", cm("m", null)), 405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource");
    }

    @Test
    void unsupportedPatchTypeListsEveryUpstreamPatchType() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("m", null)), 201);
        assertStatus(patch(path + "/m", "text/plain", "{}"), 415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, "
                        + "application/apply-patch+yaml, application/strategic-merge-patch+json");
    }

    @Test
    void serverSideApplyErrorsAndConflictsAsUpstream() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        String apply = "application/apply-patch+yaml";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"1\"}}";
        assertStatus(patch(path + "/a", apply, body), 422, "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        Resp created = patch(path + "/a?fieldManager=one", apply, body);
        ok(created, 201);
        assertThat(created.json().path("metadata").path("managedFields").get(0).path("manager").asText()).isEqualTo("one");
        ok(patch(path + "/a?fieldManager=one", apply, body), 200);
        assertStatus(patch(path + "/a?force=true", MERGE, "{}"), 422, "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
        assertStatus(patch(path + "/a?fieldManager=one", apply, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\"}"), 400,
                "BadRequest", "invalid object type: /v1, Kind=Secret");
        assertStatus(patch(path + "/a?fieldManager=one", apply,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"managedFields\":[]}}"), 400,
                "BadRequest", "metadata.managedFields must be nil");

        Resp conflict = patch(path + "/a?fieldManager=two", apply, body.replace("\"1\"", "\"2\""));
        assertStatus(conflict, 409, "Conflict", "Apply failed with 1 conflict: conflict with \"one\": .data.k");
        JsonNode cause = conflict.json().path("details").path("causes").get(0);
        assertThat(cause.path("reason").asText()).isEqualTo("FieldManagerConflict");
        assertThat(cause.path("message").asText()).isEqualTo("conflict with \"one\"");
        assertThat(cause.path("field").asText()).isEqualTo(".data.k");
        Resp forced = patch(path + "/a?fieldManager=two&force=true", apply, body.replace("\"1\"", "\"2\""));
        ok(forced, 200);
        assertThat(forced.json().path("data").path("k").asText()).isEqualTo("2");

        // non-apply writes are recorded as Update entries named by fieldManager or the user agent
        Resp merged = patch(path + "/a?fieldManager=three", MERGE, "{\"data\":{\"k\":\"3\"}}");
        ok(merged, 200);
        assertThat(merged.json().path("metadata").path("managedFields").toString())
                .contains("\"manager\":\"three\",\"operation\":\"Update\",\"apiVersion\":\"v1\"")
                .doesNotContain("\"manager\":\"two\"");
        // clients may reset them
        Resp reset = patch(path + "/a", MERGE, "{\"metadata\":{\"managedFields\":[{}]}}");
        ok(reset, 200);
        assertThat(reset.json().path("metadata").has("managedFields")).isFalse();
    }

    // ---------------------------------------------------------------- create / update

    @Test
    void createTwiceIsAlreadyExists() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/pods";
        ok(post(path, pod("p", "")), 201);
        Resp r = post(path, pod("p", ""));
        assertStatus(r, 409, "AlreadyExists", "pods \"p\" already exists");
        assertThat(r.json().path("details").path("name").asText()).isEqualTo("p");
        assertThat(r.json().path("details").path("kind").asText()).isEqualTo("pods");
        Resp d = post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment("d", 1));
        ok(d, 201);
        assertStatus(post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment("d", 1)), 409,
                "AlreadyExists", "deployments.apps \"d\" already exists");
    }

    @Test
    void staleResourceVersionIsConflict() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        JsonNode created = ok(post(path, cm("c", null)), 201);
        String rv = created.path("metadata").path("resourceVersion").asText();
        ok(put(path + "/c", cm("c", null).replace("\"name\":\"c\"", "\"name\":\"c\",\"resourceVersion\":\"" + rv + "\"")
                .replace("\"v\"", "\"v2\"")), 200);
        Resp stale = put(path + "/c", cm("c", null).replace("\"name\":\"c\"", "\"name\":\"c\",\"resourceVersion\":\"" + rv + "\"")
                .replace("\"v\"", "\"v3\""));
        assertStatus(stale, 409, "Conflict", "Operation cannot be fulfilled on configmaps \"c\": "
                + "the object has been modified; please apply your changes to the latest version and try again");
        assertThat(get(path + "/c").json().path("data").path("k").asText()).isEqualTo("v2");
    }

    @Test
    void invalidObjectIsUnprocessableWithCauses() throws Exception {
        String ns = namespace();
        Resp r = post("/api/v1/namespaces/" + ns + "/pods",
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"bad\"},\"spec\":{\"containers\":[]}}");
        assertStatus(r, 422, "Invalid", "Pod \"bad\" is invalid: spec.containers: Required value");
        JsonNode d = r.json().path("details");
        assertThat(d.path("name").asText()).isEqualTo("bad");
        assertThat(d.path("kind").asText()).isEqualTo("Pod");
        assertThat(d.path("causes")).isNotEmpty();
        assertThat(d.path("causes").get(0).path("reason").asText()).isEqualTo("FieldValueRequired");
        assertThat(d.path("causes").get(0).path("field").asText()).isEqualTo("spec.containers");
        Resp badDeploy = post("/apis/apps/v1/namespaces/" + ns + "/deployments",
                deployment("bd", 1).replace("\"labels\":{\"app\":\"bd\"}", "\"labels\":{\"app\":\"other\"}"));
        assertStatusPrefix(badDeploy, 422, "Invalid", "Deployment.apps \"bd\" is invalid: spec.template.metadata.labels: Invalid value: ");
        assertThat(badDeploy.json().path("details").path("group").asText()).isEqualTo("apps");
        assertThat(badDeploy.json().path("details").path("kind").asText()).isEqualTo("Deployment");
        Resp badName = post("/api/v1/namespaces/" + ns + "/configmaps", cm("Not_Valid", null));
        assertStatus(badName, 422, "Invalid", null);
        assertThat(badName.json().path("message").asText()).startsWith("ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": ");
    }

    @Test
    void generateNameUidTimestampAndGeneration() throws Exception {
        String ns = namespace();
        String path = "/apis/apps/v1/namespaces/" + ns + "/deployments";
        JsonNode d = ok(post(path, deployment("ignored", 1).replace("\"name\":\"ignored\"", "\"generateName\":\"web-\"")), 201);
        String name = d.path("metadata").path("name").asText();
        assertThat(name).matches("web-[a-z0-9]{5}");
        assertThat(d.path("metadata").path("generateName").asText()).isEqualTo("web-");
        assertThat(d.path("metadata").path("uid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(d.path("metadata").path("creationTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(d.path("metadata").path("generation").asLong()).isEqualTo(1);
        String item = path + "/" + name;

        JsonNode labelled = ok(patch(item, MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}"), 200);
        assertThat(labelled.path("metadata").path("generation").asLong()).isEqualTo(1);
        JsonNode scaled = ok(patch(item, MERGE, "{\"spec\":{\"replicas\":3}}"), 200);
        assertThat(scaled.path("metadata").path("generation").asLong()).isEqualTo(2);

        JsonNode status = ok(patch(item + "/status", MERGE, "{\"status\":{\"observedGeneration\":2,\"replicas\":3}}"), 200);
        assertThat(status.path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(status.path("status").path("replicas").asInt()).isEqualTo(3);

        // status sent to the main resource is ignored when the kind has a status subresource
        JsonNode viaMain = ok(patch(item, MERGE, "{\"status\":{\"replicas\":42},\"metadata\":{\"labels\":{\"z\":\"1\"}}}"), 200);
        assertThat(viaMain.path("status").path("replicas").asInt()).isEqualTo(3);
        assertThat(viaMain.path("metadata").path("labels").path("z").asText()).isEqualTo("1");
        JsonNode created = ok(post(path, deployment("withstatus", 1).replace("}}]}}}}",
                "}}]}}},\"status\":{\"replicas\":9,\"readyReplicas\":9}}")), 201);
        assertThat(created.path("status").path("replicas").isMissingNode() || created.path("status").path("replicas").asInt() == 0)
                .as(created.toString()).isTrue();
        // the spec in a /status write is ignored
        JsonNode specViaStatus = ok(patch(item + "/status", MERGE, "{\"spec\":{\"replicas\":7}}"), 200);
        assertThat(specViaStatus.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(specViaStatus.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void dryRunStoresNothing() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        JsonNode dry = ok(req("POST", path + "?dryRun=All", JSON_CT, cm("dry", null)), 201);
        assertThat(dry.path("metadata").path("name").asText()).isEqualTo("dry");
        assertStatus(get(path + "/dry"), 404, "NotFound", "configmaps \"dry\" not found");

        ok(post(path, cm("real", null)), 201);
        JsonNode upd = ok(req("PUT", path + "/real?dryRun=All", JSON_CT, cm("real", null).replace("\"v\"", "\"dry\"")), 200);
        assertThat(upd.path("data").path("k").asText()).isEqualTo("dry");
        JsonNode pat = ok(req("PATCH", path + "/real?dryRun=All", MERGE, "{\"data\":{\"k\":\"patched\"}}"), 200);
        assertThat(pat.path("data").path("k").asText()).isEqualTo("patched");
        assertThat(get(path + "/real").json().path("data").path("k").asText()).isEqualTo("v");
        ok(req("DELETE", path + "/real?dryRun=All", null, null), 200);
        ok(get(path + "/real"), 200);
        Resp badDry = req("POST", path + "?dryRun=Some", JSON_CT, cm("x", null));
        assertStatus(badDry, 422, "Invalid", "CreateOptions.meta.k8s.io \"\" is invalid: "
                + "dryRun: Unsupported value: []string{\"Some\"}: supported values: \"All\"");
        assertStatus(req("PATCH", path + "/real?dryRun=Some", MERGE, "{}"), 422, "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Some\"}: supported values: \"All\"");
    }

    @Test
    void immediateDeleteAnswersStatusOrTheObjectAsUpstreamStorageDoes() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        JsonNode c = ok(post(path, cm("gone", null)), 201);
        JsonNode status = ok(delete(path + "/gone"), 200);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("status").asText()).isEqualTo("Success");
        assertThat(status.path("details").path("name").asText()).isEqualTo("gone");
        assertThat(status.path("details").path("kind").asText()).isEqualTo("configmaps");
        assertThat(status.path("details").path("uid").asText()).isEqualTo(c.path("metadata").path("uid").asText());
        ok(post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment("dd", 1)), 201);
        JsonNode ds = ok(delete("/apis/apps/v1/namespaces/" + ns + "/deployments/dd"), 200);
        assertThat(ds.path("kind").asText()).isEqualTo("Status");
        assertThat(ds.path("details").path("group").asText()).isEqualTo("apps");
        assertThat(ds.path("details").path("kind").asText()).isEqualTo("deployments");
        ok(post("/api/v1/namespaces/" + ns + "/serviceaccounts",
                "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"sa\"}}"), 201);
        JsonNode sa = ok(delete("/api/v1/namespaces/" + ns + "/serviceaccounts/sa"), 200);
        assertThat(sa.path("kind").asText()).isEqualTo("ServiceAccount");
    }

    @Test
    void preconditionsMissingObjectsAndStrictFields() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        assertStatus(put(path + "/ghost", cm("ghost", null)), 404, "NotFound", "configmaps \"ghost\" not found");
        assertStatus(delete(path + "/ghost"), 404, "NotFound", "configmaps \"ghost\" not found");
        JsonNode c = ok(post(path, cm("pc", null)), 201);
        String uid = c.path("metadata").path("uid").asText();
        Resp wrongUid = req("DELETE", path + "/pc", JSON_CT,
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"not-the-uid\"}}");
        assertStatus(wrongUid, 409, "Conflict", "Operation cannot be fulfilled on configmaps \"pc\": "
                + "Precondition failed: UID in precondition: not-the-uid, UID in object meta: " + uid);
        ok(get(path + "/pc"), 200);
        Resp strict = req("POST", path + "?fieldValidation=Strict", JSON_CT,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\"},\"bogus\":1}");
        assertStatus(strict, 400, "BadRequest",
                "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"bogus\"");
        // A repeated field is reported too, with the unknown one, in document order.
        Resp duplicated = req("POST", path + "?fieldValidation=Strict", JSON_CT,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\"},"
                        + "\"data\":{\"a\":\"1\"},\"data\":{\"b\":\"2\"},\"bogus\":1}");
        assertStatus(duplicated, 400, "BadRequest", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
                + "strict decoding error: duplicate field \"data\", unknown field \"bogus\"");
        Resp ignored = req("POST", path + "?fieldValidation=Ignore", JSON_CT,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\"},"
                        + "\"data\":{\"a\":\"1\"},\"data\":{\"b\":\"2\"}}");
        assertThat(ok(ignored, 201).path("data").path("b").asText()).isEqualTo("2");
        assertStatus(get(path + "/s"), 404, "NotFound", "configmaps \"s\" not found");
    }

    // ---------------------------------------------------------------- finalizers

    @Test
    void finalizersHoldDeletion() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("f", null).replace("\"name\":\"f\"", "\"name\":\"f\",\"finalizers\":[\"example.com/a\"]")), 201);
        Resp del = delete(path + "/f");
        assertThat(del.code()).as("upstream answers 200 for a delete held by finalizers").isEqualTo(200);
        assertThat(del.json().path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(del.json().path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        JsonNode still = ok(get(path + "/f"), 200);
        assertThat(still.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        assertThat(still.path("metadata").path("finalizers")).hasSize(1);

        Resp add = patch(path + "/f", MERGE, "{\"metadata\":{\"finalizers\":[\"example.com/a\",\"example.com/b\"]}}");
        assertStatus(add, 422, "Invalid", "ConfigMap \"f\" is invalid: metadata.finalizers: Forbidden: "
                + "no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/b\"}");

        ok(patch(path + "/f", MERGE, "{\"metadata\":{\"finalizers\":null}}"), 200);
        assertStatus(get(path + "/f"), 404, "NotFound", "configmaps \"f\" not found");
    }

    @Test
    void namespacedCreateNeedsTheNamespace() throws Exception {
        Resp r = post("/api/v1/namespaces/does-not-exist/configmaps", cm("a", null));
        assertStatus(r, 404, "NotFound", "namespaces \"does-not-exist\" not found");
    }

    // ---------------------------------------------------------------- list

    @Test
    void labelAndFieldSelectors() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("a", "{\"env\":\"prod\",\"tier\":\"web\"}")), 201);
        ok(post(path, cm("b", "{\"env\":\"dev\",\"tier\":\"web\"}")), 201);
        ok(post(path, cm("c", "{\"env\":\"qa\"}")), 201);
        ok(post(path, cm("d", null)), 201);
        assertThat(names(get(path + "?labelSelector=" + q("env=prod")).json())).containsExactly("a");
        assertThat(names(get(path + "?labelSelector=" + q("env==prod")).json())).containsExactly("a");
        assertThat(names(get(path + "?labelSelector=" + q("env!=prod")).json())).containsExactly("b", "c", "d");
        assertThat(names(get(path + "?labelSelector=" + q("env in (dev,qa)")).json())).containsExactly("b", "c");
        assertThat(names(get(path + "?labelSelector=" + q("env notin (dev,qa)")).json())).containsExactly("a", "d");
        assertThat(names(get(path + "?labelSelector=" + q("tier")).json())).containsExactly("a", "b");
        assertThat(names(get(path + "?labelSelector=" + q("!tier")).json())).containsExactly("c", "d");
        assertThat(names(get(path + "?labelSelector=" + q("tier=web,env!=dev")).json())).containsExactly("a");
        assertThat(names(get(path + "?fieldSelector=" + q("metadata.name=c")).json())).containsExactly("c");
        assertThat(names(get(path + "?fieldSelector=" + q("metadata.name!=c")).json())).containsExactly("a", "b", "d");
        assertThat(names(get("/api/v1/configmaps?fieldSelector=" + q("metadata.namespace=" + ns)).json()))
                .containsExactly("a", "b", "c", "d");
        Resp bad = get(path + "?fieldSelector=" + q("spec.foo=bar"));
        assertStatus(bad, 400, "BadRequest", "field label not supported: spec.foo");
        Resp badLabel = get(path + "?labelSelector=" + q("env in prod"));
        assertStatus(badLabel, 400, "BadRequest", "unable to parse requirement: found 'prod' expected: '('");
    }

    @Test
    void limitAndContinuePageThroughEveryObjectOnce() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            ok(post(path, cm("cm-" + i, null)), 201);
            expected.add("cm-" + i);
        }
        List<String> seen = new ArrayList<>();
        String cont = "";
        int pages = 0;
        String firstRv = null;
        do {
            JsonNode page = ok(get(path + "?limit=4" + (cont.isEmpty() ? "" : "&continue=" + q(cont))), 200);
            pages++;
            assertThat(page.path("items").size()).isLessThanOrEqualTo(4);
            seen.addAll(names(page));
            if (firstRv == null) {
                firstRv = page.path("metadata").path("resourceVersion").asText();
                assertThat(page.path("metadata").path("remainingItemCount").asLong()).isEqualTo(7);
                // a write between pages must not show up in the continued list
                ok(post(path, cm("late", null)), 201);
            } else {
                assertThat(page.path("metadata").path("resourceVersion").asText()).isEqualTo(firstRv);
            }
            cont = page.path("metadata").path("continue").asText("");
        } while (!cont.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(11).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
        Resp badContinue = get(path + "?limit=4&continue=garbage");
        assertStatusPrefix(badContinue, 400, "BadRequest", "invalid continue token: ");
    }

    @Test
    void listResourceVersionAndExactMatch() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("one", null)), 201);
        JsonNode list1 = ok(get(path), 200);
        String rv1 = list1.path("metadata").path("resourceVersion").asText();
        assertThat(rv1).matches("\\d+");
        ok(post(path, cm("two", null)), 201);
        ok(patch(path + "/one", MERGE, "{\"data\":{\"k\":\"changed\"}}"), 200);
        JsonNode list2 = ok(get(path), 200);
        assertThat(Long.parseLong(list2.path("metadata").path("resourceVersion").asText())).isGreaterThan(Long.parseLong(rv1));
        assertThat(names(list2)).containsExactly("one", "two");

        JsonNode exact = ok(get(path + "?resourceVersion=" + rv1 + "&resourceVersionMatch=Exact"), 200);
        assertThat(exact.path("metadata").path("resourceVersion").asText()).isEqualTo(rv1);
        assertThat(names(exact)).containsExactly("one");
        assertThat(exact.path("items").get(0).path("data").path("k").asText()).isEqualTo("v");

        JsonNode notOlder = ok(get(path + "?resourceVersion=" + rv1 + "&resourceVersionMatch=NotOlderThan"), 200);
        assertThat(names(notOlder)).containsExactly("one", "two");
        Resp noRv = get(path + "?resourceVersionMatch=Exact");
        assertStatus(noRv, 422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                + "resourceVersionMatch is forbidden unless resourceVersion is provided");
        assertThat(noRv.json().path("details").path("group").asText()).isEqualTo("meta.k8s.io");
        assertThat(noRv.json().path("details").path("kind").asText()).isEqualTo("ListOptions");
    }

    // ---------------------------------------------------------------- watch

    @Test
    void watchFromResourceVersionReplaysLaterEventsInOrder() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        JsonNode a = ok(post(path, cm("a", null)), 201);
        String rv = a.path("metadata").path("resourceVersion").asText();
        ok(post(path, cm("b", null)), 201);
        ok(patch(path + "/a", MERGE, "{\"data\":{\"k\":\"v2\"}}"), 200);
        ok(delete(path + "/b"), 200);

        HttpRequest w = HttpRequest.newBuilder(URI.create(base + path + "?watch=1&resourceVersion=" + rv
                + "&allowWatchBookmarks=true&timeoutSeconds=1")).timeout(Duration.ofSeconds(15)).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = client.send(w, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                if (e.path("type").asText().equals("BOOKMARK")) {
                    continue;
                }
                events.add(e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText());
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(events).containsExactly("ADDED b", "MODIFIED a", "DELETED b");
        assertThat(elapsedMs).as("timeoutSeconds=1 closes the stream").isLessThan(5000);
    }

    @Test
    void watchWithLabelSelectorSeesObjectsLeaveTheSelectorAsDeleted() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        JsonNode list = ok(get(path), 200);
        String rv = list.path("metadata").path("resourceVersion").asText();
        ok(post(path, cm("in", "{\"w\":\"yes\"}")), 201);
        ok(post(path, cm("out", "{\"w\":\"no\"}")), 201);
        ok(patch(path + "/in", MERGE, "{\"data\":{\"k\":\"v2\"}}"), 200);
        ok(patch(path + "/in", MERGE, "{\"metadata\":{\"labels\":{\"w\":\"no\"}}}"), 200);
        ok(patch(path + "/out", MERGE, "{\"metadata\":{\"labels\":{\"w\":\"yes\"}}}"), 200);
        List<String> events = watchEvents(path + "?watch=true&labelSelector=" + q("w=yes") + "&resourceVersion=" + rv
                + "&timeoutSeconds=1");
        // upstream's watch cache turns "no longer matches" into DELETED and "starts matching" into ADDED
        assertThat(events).containsExactly("ADDED in", "MODIFIED in", "DELETED in", "ADDED out");
    }

    private List<String> watchEvents(String pathAndQuery) throws Exception {
        return watchEventObjects(pathAndQuery).stream()
                .map(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText()).toList();
    }

    /** The events of a watch that ends by itself (timeoutSeconds), bookmarks left out. */
    private List<JsonNode> watchEventObjects(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder w = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(15));
        if (headers.length > 0) {
            w.headers(headers);
        }
        HttpResponse<InputStream> r = client.send(w.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode e = JSON.readTree(line);
                    if (!e.path("type").asText().equals("BOOKMARK")) {
                        events.add(e);
                    }
                }
            }
        }
        return events;
    }

    @Test
    void anUpdateAnswersWithTheObjectAsAGetThenReadsIt() throws Exception {
        // The PUT's answer is written from the bytes just stored: it must be the object a GET returns.
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        JsonNode created = ok(post(path, cm("u", "{\"app\":\"x\"}")), 201);
        ObjectNode changed = (ObjectNode) created.deepCopy();
        ((ObjectNode) changed.path("data")).put("k", "v2 é \"quoted\"");
        JsonNode answer = ok(put(path + "/u", changed.toString()), 200);
        assertThat(answer.path("metadata").path("resourceVersion").asText())
                .isNotEqualTo(created.path("metadata").path("resourceVersion").asText());
        assertThat(answer).isEqualTo(ok(get(path + "/u"), 200));
        assertThat(answer.path("data").path("k").asText()).isEqualTo("v2 é \"quoted\"");
    }

    @Test
    void aPatchAnswersWithTheObjectAsAGetThenReadsIt() throws Exception {
        // Patches answer from the bytes just stored too, for every patch type and for status.
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("p", "{\"app\":\"x\"}")), 201);
        for (String[] p : new String[][]{
                {MERGE, "{\"data\":{\"k\":\"merged é\"}}"},
                {"application/strategic-merge-patch+json", "{\"data\":{\"k\":\"strategic \\\"q\\\"\"}}"},
                {JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"json\"}]"}}) {
            JsonNode answer = ok(patch(path + "/p", p[0], p[1]), 200);
            assertThat(answer).as(p[0]).isEqualTo(ok(get(path + "/p"), 200));
        }
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        ok(post(pods, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"s\"},"
                + "\"spec\":{\"nodeName\":\"nowhere\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"), 201);
        JsonNode status = ok(patch(pods + "/s/status", "application/strategic-merge-patch+json",
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}"), 200);
        assertThat(status).isEqualTo(ok(get(pods + "/s"), 200));
        assertThat(status.path("status").path("conditions").get(0).path("type").asText()).isEqualTo("Ready");
    }

    @Test
    void metadataOnlyWatchSendsEachObjectsWholeMetadata() throws Exception {
        // client-go's metadata client (the garbage collector's): PartialObjectMetadata events
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        String rv = ok(get(path), 200).path("metadata").path("resourceVersion").asText();
        ok(post(path, cm("m", "{\"app\":\"x\"}")), 201);
        JsonNode patched = ok(patch(path + "/m", MERGE, "{\"metadata\":{\"annotations\":{\"a\":\"{\\\"b\\\":[1]}\"}}}"), 200);
        List<JsonNode> events = watchEventObjects(path + "?watch=true&resourceVersion=" + rv + "&timeoutSeconds=1",
                "Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("type").asText()).isEqualTo("ADDED");
        JsonNode last = events.get(1);
        assertThat(last.path("type").asText()).isEqualTo("MODIFIED");
        assertThat(last.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(last.path("object").path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(last.path("object").has("data")).isFalse();
        assertThat(last.path("object").path("metadata")).isEqualTo(patched.path("metadata"));
    }

    @Test
    void tableForASingleObject() throws Exception {
        String ns = namespace();
        ok(post("/api/v1/namespaces/" + ns + "/configmaps", cm("one", null)), 201);
        JsonNode t = ok(get("/api/v1/namespaces/" + ns + "/configmaps/one", "Accept",
                "application/json;as=Table;v=v1;g=meta.k8s.io"), 200);
        assertThat(t.path("kind").asText()).isEqualTo("Table");
        assertThat(t.path("rows")).hasSize(1);
        assertThat(t.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("one");
        assertThat(t.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    // ---------------------------------------------------------------- output forms

    @Test
    void tablePartialMetadataYamlAndGzip() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        String payload = "y".repeat(3000);
        for (int i = 0; i < 60; i++) {
            ok(post(path, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"t" + i
                    + "\"},\"data\":{\"k\":\"" + payload + "\"}}"), 201);
        }
        Resp table = get(path + "?limit=5", "Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        JsonNode t = ok(table, 200);
        assertThat(table.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(t.path("kind").asText()).isEqualTo("Table");
        assertThat(t.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(t.path("columnDefinitions").get(0).path("name").asText()).isEqualTo("Name");
        assertThat(t.path("rows")).hasSize(5);
        assertThat(t.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("t0");
        assertThat(t.path("metadata").path("continue").asText()).isNotEmpty();

        JsonNode pom = ok(get(path, "Accept", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io"), 200);
        assertThat(pom.path("kind").asText()).isEqualTo("PartialObjectMetadataList");
        assertThat(pom.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(pom.path("items")).hasSize(60);
        assertThat(pom.path("items").get(0).path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(pom.path("items").get(0).has("data")).isFalse();

        Resp yaml = get(path + "/t1", "Accept", "application/yaml");
        assertThat(yaml.code()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        JsonNode y = new YAMLMapper().readTree(yaml.body());
        assertThat(y.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(y.path("metadata").path("name").asText()).isEqualTo("t1");

        Resp gz = get(path, "Accept-Encoding", "gzip");
        assertThat(gz.code()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding").orElse("")).isEqualTo("gzip");
        byte[] plain;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.raw()))) {
            plain = in.readAllBytes();
        }
        assertThat(plain.length).isGreaterThan(128 * 1024);
        assertThat(JSON.readTree(plain).path("items")).hasSize(60);
        Resp small = get(path + "/t1", "Accept-Encoding", "gzip");
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
    }

    // ---------------------------------------------------------------- patch

    @Test
    void patchSemantics() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"p\"},"
                + "\"data\":{\"a\":\"1\",\"b\":\"2\"}}"), 201);
        Resp failedTest = patch(path + "/p", JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"nope\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"3\"}]");
        // upstream answers a failed JSON patch with NewGenericServerResponse(422), dropping the patch library's text
        assertStatus(failedTest, 422, "Invalid", "the server rejected our request due to an error in our request");
        assertThat(get(path + "/p").json().path("data").path("a").asText()).isEqualTo("1");
        JsonNode jp = ok(patch(path + "/p", JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"1\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"3\"}]"), 200);
        assertThat(jp.path("data").path("a").asText()).isEqualTo("3");

        JsonNode merged = ok(patch(path + "/p", MERGE, "{\"data\":{\"b\":null,\"c\":\"4\"}}"), 200);
        assertThat(merged.path("data").has("b")).isFalse();
        assertThat(merged.path("data").path("c").asText()).isEqualTo("4");
        assertThat(merged.path("data").path("a").asText()).isEqualTo("3");

        String dpath = "/apis/apps/v1/namespaces/" + ns + "/deployments";
        ok(post(dpath, deployment("web", 1)), 201);
        JsonNode smp = ok(patch(dpath + "/web", SMP,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"busybox:2\"}]}}}}"), 200);
        JsonNode containers = smp.path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("name").asText()).isEqualTo("web");
        assertThat(containers.get(0).path("image").asText()).isEqualTo("nginx:1");
        assertThat(containers.get(1).path("image").asText()).isEqualTo("busybox:2");
        JsonNode removed = ok(patch(dpath + "/web", SMP,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}"), 200);
        assertThat(removed.path("spec").path("template").path("spec").path("containers")).hasSize(1);
        Resp cmSmpOnMissing = patch(path + "/missing", MERGE, "{\"data\":{\"x\":\"y\"}}");
        assertStatus(cmSmpOnMissing, 404, "NotFound", "configmaps \"missing\" not found");
    }

    // ---------------------------------------------------------------- subresources

    @Test
    void scaleSubresource() throws Exception {
        String ns = namespace();
        String dpath = "/apis/apps/v1/namespaces/" + ns + "/deployments/sc";
        ok(post("/apis/apps/v1/namespaces/" + ns + "/deployments", deployment("sc", 2)), 201);
        JsonNode scale = ok(get(dpath + "/scale"), 200);
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.path("metadata").path("name").asText()).isEqualTo("sc");
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=sc");
        JsonNode patched = ok(patch(dpath + "/scale", MERGE, "{\"spec\":{\"replicas\":5}}"), 200);
        assertThat(patched.path("spec").path("replicas").asInt()).isEqualTo(5);
        JsonNode d = ok(get(dpath), 200);
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(d.path("metadata").path("generation").asLong()).isEqualTo(2);
        assertStatus(get("/apis/apps/v1/namespaces/" + ns + "/deployments/nope/scale"), 404, "NotFound",
                "deployments.apps \"nope\" not found");
    }

    @Test
    void podBinding() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/pods";
        ok(post(path, pod("b", "")), 201);
        String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"b\"},"
                + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"node-1\"}}";
        Resp first = post(path + "/b/binding", binding);
        assertThat(first.code()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("status").asText()).isEqualTo("Success");
        JsonNode bound = get(path + "/b").json();
        assertThat(bound.path("spec").path("nodeName").asText()).isEqualTo("node-1");
        assertThat(bound.path("status").path("conditions").toString()).contains("\"type\":\"PodScheduled\",\"status\":\"True\"");
        Resp second = post(path + "/b/binding", binding.replace("node-1", "node-2"));
        assertStatus(second, 409, "Conflict",
                "Operation cannot be fulfilled on pods/binding \"b\": pod b is already assigned to node \"node-1\"");
        assertThat(get(path + "/b").json().path("spec").path("nodeName").asText()).isEqualTo("node-1");
        ok(post(path, pod("unbound", "")), 201);
        assertThat(names(get(path + "?fieldSelector=" + q("spec.nodeName=node-1")).json())).containsExactly("b");
        assertThat(names(get(path + "?fieldSelector=" + q("spec.nodeName=")).json())).containsExactly("unbound");
        assertThat(names(get(path + "?fieldSelector=" + q("status.phase=Pending,spec.nodeName!=node-1")).json()))
                .containsExactly("unbound");
    }

    @Test
    void deleteCollectionWithLabelSelector() throws Exception {
        String ns = namespace();
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        ok(post(path, cm("x1", "{\"del\":\"yes\"}")), 201);
        ok(post(path, cm("x2", "{\"del\":\"yes\"}")), 201);
        ok(post(path, cm("keep", "{\"del\":\"no\"}")), 201);
        JsonNode deleted = ok(req("DELETE", path + "?labelSelector=" + q("del=yes"), null, null), 200);
        assertThat(deleted.path("kind").asText()).isEqualTo("ConfigMapList");
        assertThat(names(get(path).json())).containsExactly("keep");
    }

    /** Accepts any server certificate: the anonymous client only needs to reach the server, not trust it. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { }
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        public void checkClientTrusted(X509Certificate[] c, String a) { }
        public void checkServerTrusted(X509Certificate[] c, String a) { }
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
