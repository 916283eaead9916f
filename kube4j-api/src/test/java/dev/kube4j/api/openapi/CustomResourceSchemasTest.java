package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.api.BuiltinResources;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom resources in the OpenAPI documents: their CRD schema, with type meta and ObjectMeta added. */
class CustomResourceSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCustomResourceHasPathsAndItsSchemaInV2AndV3() throws Exception {
        GroupVersionKind gvk = new GroupVersionKind("samplecrd.k8s.io", "v1", "Network");
        List<ResourceDefinition> resources = new ArrayList<>(BuiltinResources.all());
        resources.add(new ResourceDefinition(gvk, "networks", "network", true, List.of("net"), List.of(),
                ResourceDefinition.ALL_VERBS, Set.of(), "samplecrd.k8s.io/networks"));
        JsonNode schema = JSON.readTree("""
                {"type":"object","properties":{"spec":{"type":"object","properties":{
                  "cidr":{"type":"string","description":"The CIDR."},
                  "nick":{"type":"string","nullable":true}}}}}""");
        OpenApiDocuments docs = OpenApiDocuments.build(resources, Map.of(gvk, schema));

        JsonNode v3 = JSON.readTree(docs.v3("apis/samplecrd.k8s.io/v1").orElseThrow().body());
        assertThat(v3.path("paths").has("/apis/samplecrd.k8s.io/v1/namespaces/{namespace}/networks/{name}")).isTrue();
        JsonNode def = v3.path("components").path("schemas").path(OpenApiDocuments.kindDefinitionName(gvk));
        assertThat(def.path("properties").path("spec").path("properties").path("cidr").path("description").asText())
                .isEqualTo("The CIDR.");
        assertThat(def.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(def.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Network");
        assertThat(v3.path("components").path("schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();

        JsonNode v2 = JSON.readTree(docs.v2Json().body());
        JsonNode v2def = v2.path("definitions").path(OpenApiDocuments.kindDefinitionName(gvk));
        assertThat(v2def.path("properties").path("metadata").path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        JsonNode nick = v2def.path("properties").path("spec").path("properties").path("nick");
        assertThat(nick.has("nullable")).isFalse();
        assertThat(nick.has("type")).isFalse();
        assertThat(docs.v2Protobuf().body()).isNotEmpty();
    }
}
