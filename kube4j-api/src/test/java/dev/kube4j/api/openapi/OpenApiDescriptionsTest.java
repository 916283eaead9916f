package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.api.schema.SchemaRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream's descriptions (from the build-time extraction of the official Java client's model) land
 * in every document, beside the patch strategies and list types, and the v2 protobuf still carries them.
 */
class OpenApiDescriptionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STRATEGY_TYPE = "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". "
            + "Default is RollingUpdate.";
    private static OpenApiDocuments docs;

    @BeforeAll
    static void build() {
        docs = OpenApiDocuments.build(SampleResources.all());
    }

    @Test
    void registryCarriesUpstreamTextsForTypesAndFields() {
        var registry = SchemaRegistry.builtin();
        assertThat(registry.definition("io.k8s.api.apps.v1.Deployment").orElseThrow().description())
                .isEqualTo("Deployment enables declarative updates for Pods and ReplicaSets.");
        assertThat(registry.definition("io.k8s.api.core.v1.Container").orElseThrow().properties().get("image")
                .description()).startsWith("Container image name. More info: https://kubernetes.io/docs/concepts/containers/images");
        // a field typed by another definition has its type's text (the client's model has none for it)
        assertThat(registry.definition("io.k8s.api.apps.v1.DeploymentSpec").orElseThrow().properties().get("strategy")
                .description()).isEqualTo("DeploymentStrategy describes how to replace existing pods with new ones.");
        // the standard fields keep their upstream texts
        assertThat(registry.definition("io.k8s.api.apps.v1.Deployment").orElseThrow().properties().get("metadata")
                .description()).startsWith("Standard object's metadata.");
        long structs = registry.definitions().values().stream().filter(d -> d.isStruct()).count();
        long described = registry.definitions().values().stream().filter(d -> d.isStruct() && d.description() != null)
                .count();
        assertThat(described).as("described definitions of %d", structs).isGreaterThan(structs / 2);
    }

    @Test
    void v3SchemasHaveDescriptionsPatchStrategiesAndListTypes() throws Exception {
        JsonNode schemas = MAPPER.readTree(docs.v3("apis/apps/v1").orElseThrow().body()).path("components").path("schemas");
        assertThat(schemas.path("io.k8s.api.apps.v1.DeploymentStrategy").path("properties").path("type")
                .path("description").asText()).isEqualTo(STRATEGY_TYPE);
        JsonNode strategy = schemas.path("io.k8s.api.apps.v1.DeploymentSpec").path("properties").path("strategy");
        assertThat(strategy.path("allOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(strategy.path("x-kubernetes-patch-strategy").asText()).isEqualTo("retainKeys");

        JsonNode containers = schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertThat(containers.path("description").asText()).startsWith("List of containers belonging to the pod.");
        assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        assertThat(schemas.path("io.k8s.api.core.v1.Container").path("required").toString()).isEqualTo("[\"name\"]");
    }

    @Test
    void v2JsonAndProtobufCarryTheSameTexts() throws Exception {
        JsonNode definitions = MAPPER.readTree(docs.v2Json().body()).path("definitions");
        JsonNode strategy = definitions.path("io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(strategy.path("description").asText())
                .isEqualTo("DeploymentStrategy describes how to replace existing pods with new ones.");
        assertThat(strategy.path("properties").path("type").path("description").asText()).isEqualTo(STRATEGY_TYPE);

        // gnostic openapi_v2.Document: definitions (9) → NamedSchema (1: name, 2: Schema); Schema:
        // description (4), properties (25) → NamedSchema.
        Map<Integer, List<Object>> doc = ProtoReader.parse(docs.v2Protobuf().body());
        Map<Integer, List<Object>> schema = named(ProtoReader.messages(ProtoReader.message(doc, 9), 1),
                "io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(ProtoReader.string(schema, 4))
                .isEqualTo("DeploymentStrategy describes how to replace existing pods with new ones.");
        Map<Integer, List<Object>> type = named(ProtoReader.messages(ProtoReader.message(schema, 25), 1), "type");
        assertThat(ProtoReader.string(type, 4)).isEqualTo(STRATEGY_TYPE);
    }

    private static Map<Integer, List<Object>> named(List<Map<Integer, List<Object>>> namedSchemas, String name) {
        return namedSchemas.stream().filter(n -> ProtoReader.string(n, 1).equals(name))
                .map(n -> ProtoReader.message(n, 2)).findFirst()
                .orElseThrow(() -> new AssertionError("no schema " + name));
    }
}
