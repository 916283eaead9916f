package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static OpenApiDocuments docs;

    @BeforeAll
    static void build() {
        docs = OpenApiDocuments.build(SampleResources.all());
    }

    private static JsonNode json(OpenApiDocuments.Document d) throws Exception {
        return MAPPER.readTree(d.body());
    }

    @Test
    void v3IndexPointsAtEveryGroupVersionWithItsHash() throws Exception {
        JsonNode paths = json(docs.v3Index()).get("paths");
        List<String> keys = new ArrayList<>();
        paths.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("api", "api/v1", "apis", "apis/apps", "apis/apps/v1", "version");
        OpenApiDocuments.Document apps = docs.v3("apis/apps/v1").orElseThrow();
        assertThat(paths.get("apis/apps/v1").get("serverRelativeURL").asText())
                .isEqualTo("/openapi/v3/apis/apps/v1?hash=" + apps.hash())
                .isEqualTo(docs.v3Url("apis/apps/v1").orElseThrow());
        assertThat(apps.hash()).matches("[0-9A-F]{128}");
        assertThat(docs.lookup("/openapi/v3/apis/apps/v1", "application/json")).containsSame(apps);
        assertThat(docs.lookup("/openapi/v3", null)).containsSame(docs.v3Index());
        assertThat(docs.lookup("/openapi/v2", OpenApiDocuments.V2_PROTOBUF_ACCEPT + ", application/json"))
                .containsSame(docs.v2Protobuf());
        assertThat(docs.lookup("/openapi/v2", "application/json")).containsSame(docs.v2Json());
        assertThat(docs.lookup("/openapi/v3/apis/batch/v1", null)).isEmpty();
    }

    @Test
    void groupVersionDocumentDescribesPathsOperationsAndSchemas() throws Exception {
        JsonNode doc = json(docs.v3("apis/apps/v1").orElseThrow());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.0.0");
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments")).isTrue();
        assertThat(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")).isTrue();
        assertThat(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status")).isTrue();
        assertThat(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")).isTrue();
        assertThat(paths.has("/apis/apps/v1/deployments")).isTrue();
        assertThat(paths.has("/apis/apps/v1/watch/namespaces/{namespace}/deployments")).isTrue();

        JsonNode patch = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
        assertThat(patch.get("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(patch.get("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
        assertThat(paramNames(patch)).contains("fieldValidation", "dryRun", "fieldManager", "force");
        assertThat(patch.get("requestBody").get("content").has("application/strategic-merge-patch+json")).isTrue();
        JsonNode list = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments").get("get");
        assertThat(list.get("x-kubernetes-action").asText()).isEqualTo("list");
        assertThat(paramNames(list)).contains("labelSelector", "fieldSelector", "limit", "continue", "watch",
                "resourceVersion", "timeoutSeconds");
        JsonNode scalePatch = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").get("patch");
        assertThat(scalePatch.get("x-kubernetes-group-version-kind").get("kind").asText()).isEqualTo("Scale");
        assertThat(paramNames(paths.get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")))
                .contains("name", "namespace", "pretty");

        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode deployment = schemas.get("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.get("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]");
        assertThat(schemas.has("io.k8s.api.apps.v1.DeploymentList")).isTrue();
        assertThat(schemas.has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
        assertThat(schemas.has("io.k8s.api.core.v1.Service")).isFalse();
        JsonNode containers = schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("containers");
        assertThat(containers.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.get("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers.get("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        JsonNode ports = schemas.get("io.k8s.api.core.v1.Container").get("properties").get("ports");
        assertThat(ports.get("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"containerPort\",\"protocol\"]");
        assertThat(schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("tolerations")
                .get("x-kubernetes-list-type").asText()).isEqualTo("atomic");
        assertThat(schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("nodeSelector")
                .get("x-kubernetes-map-type").asText()).isEqualTo("atomic");
        assertThat(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector").get("x-kubernetes-map-type")
                .asText()).isEqualTo("atomic");
        assertThat(containers.get("items").get("allOf").get(0).get("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        assertThat(schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").get("format").asText())
                .isEqualTo("int-or-string");
        assertRefsResolve(doc, "#/components/schemas/", schemas);
    }

    @Test
    void coreDocumentHasNamespacedAndClusterPathsAndSubresources() throws Exception {
        JsonNode paths = json(docs.v3("api/v1").orElseThrow()).get("paths");
        assertThat(paths.has("/api/v1/namespaces")).isTrue();
        assertThat(paths.has("/api/v1/namespaces/{name}")).isTrue();
        assertThat(paths.has("/api/v1/namespaces/{name}/finalize")).isTrue();
        assertThat(paths.has("/api/v1/namespaces/{namespace}/pods/{name}/log")).isTrue();
        assertThat(paths.get("/api/v1/namespaces/{namespace}/pods/{name}/exec").get("post")
                .get("x-kubernetes-action").asText()).isEqualTo("connect");
        assertThat(paths.get("/api/v1/namespaces/{namespace}/pods/{name}/eviction").get("post")
                .get("x-kubernetes-group-version-kind").get("group").asText()).isEqualTo("policy");
        assertThat(paths.has("/api/v1/pods")).isTrue();
        assertThat(paths.get("/api/v1/namespaces/{namespace}/configmaps").get("post")
                .get("x-kubernetes-action").asText()).isEqualTo("post");
    }

    @Test
    void swaggerJsonAndProtobufAgree() throws Exception {
        JsonNode swagger = json(docs.v2Json());
        assertThat(swagger.get("swagger").asText()).isEqualTo("2.0");
        JsonNode defs = swagger.get("definitions");
        assertRefsResolve(swagger, "#/definitions/", defs);
        assertThat(defs.has("io.k8s.api.core.v1.Pod")).isTrue();
        assertThat(defs.get("io.k8s.api.apps.v1.RollingUpdateDeployment").get("properties").get("maxSurge")
                .get("$ref").asText()).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");

        var doc = ProtoReader.parse(docs.v2Protobuf().body());
        assertThat(ProtoReader.string(doc, 1)).isEqualTo("2.0");
        var protoPaths = ProtoReader.messages(ProtoReader.message(doc, 8), 2);
        assertThat(protoPaths).hasSize(swagger.get("paths").size());
        var protoDefs = ProtoReader.messages(ProtoReader.message(doc, 9), 1);
        assertThat(protoDefs).hasSize(defs.size());

        // the PATCH of deployments carries the GVK extension and a fieldValidation query parameter
        var item = protoPaths.stream()
                .filter(p -> ProtoReader.string(p, 1).equals("/apis/apps/v1/namespaces/{namespace}/deployments/{name}"))
                .findFirst().orElseThrow();
        var patch = ProtoReader.message(ProtoReader.message(item, 2), 8);
        Set<String> names = new HashSet<>();
        for (var p : ProtoReader.messages(patch, 8)) {
            var parameter = ProtoReader.message(p, 1);
            var query = ProtoReader.message(ProtoReader.message(parameter, 2), 3);
            names.add(ProtoReader.string(query, 4));
        }
        assertThat(names).contains("fieldValidation", "dryRun", "fieldManager");
        var ext = ProtoReader.messages(patch, 13).stream()
                .filter(e -> ProtoReader.string(e, 1).equals("x-kubernetes-group-version-kind")).findFirst()
                .orElseThrow();
        String yaml = ProtoReader.string(ProtoReader.message(ext, 2), 2);
        assertThat(MAPPER.readTree(yaml).get("kind").asText()).isEqualTo("Deployment");
        List<String> consumes = new ArrayList<>();
        patch.get(7).forEach(b -> consumes.add(new String((byte[]) b)));
        assertThat(consumes).contains("application/strategic-merge-patch+json");
    }

    @Test
    void contentHashIsStableAndFollowsChanges() {
        OpenApiDocuments again = OpenApiDocuments.build(SampleResources.all());
        assertThat(again.v3("apis/apps/v1").orElseThrow().hash())
                .isEqualTo(docs.v3("apis/apps/v1").orElseThrow().hash());
        assertThat(again.v2Protobuf().etag()).isEqualTo(docs.v2Protobuf().etag());
        List<ResourceDefinition> fewer = SampleResources.all().stream()
                .filter(r -> !r.plural().equals("statefulsets")).toList();
        OpenApiDocuments changed = OpenApiDocuments.build(fewer);
        assertThat(changed.v3("apis/apps/v1").orElseThrow().hash())
                .isNotEqualTo(docs.v3("apis/apps/v1").orElseThrow().hash());
        assertThat(changed.v3("api/v1").orElseThrow().hash()).isEqualTo(docs.v3("api/v1").orElseThrow().hash());
    }

    private static List<String> paramNames(JsonNode op) {
        List<String> names = new ArrayList<>();
        op.path("parameters").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    private static void assertRefsResolve(JsonNode node, String prefix, JsonNode defs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref")) {
                    String ref = e.getValue().asText();
                    assertThat(ref).startsWith(prefix);
                    assertThat(defs.has(ref.substring(prefix.length()))).as(ref).isTrue();
                } else {
                    assertRefsResolve(e.getValue(), prefix, defs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> assertRefsResolve(n, prefix, defs));
        }
    }
}
