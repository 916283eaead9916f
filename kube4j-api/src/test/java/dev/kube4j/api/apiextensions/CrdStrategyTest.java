package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kube4j.apimachinery.validation.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CustomResourceDefinition defaults and validation, with upstream's paths and messages. */
class CrdStrategyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final CrdStrategy strategy = new CrdStrategy();

    private static ObjectNode yaml(String s) {
        try {
            return (ObjectNode) YAML.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<String> errors(ObjectNode crd) {
        strategy.applyDefaults(crd);
        return strategy.validate(crd).stream().map(FieldError::toString).toList();
    }

    private static final String VALID = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: networks.samplecrd.k8s.io}
            spec:
              group: samplecrd.k8s.io
              scope: Namespaced
              names: {kind: Network, plural: networks}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {cidr: {type: string}}}
            """;

    @Test
    void defaultsAndAValidCrd() {
        ObjectNode crd = yaml(VALID);
        assertThat(errors(crd)).isEmpty();
        assertThat(crd.path("spec").path("names").path("singular").asText()).isEqualTo("network");
        assertThat(crd.path("spec").path("names").path("listKind").asText()).isEqualTo("NetworkList");
        assertThat(crd.path("spec").path("conversion").path("strategy").asText()).isEqualTo("None");
        strategy.prepareForCreate(crd);
        assertThat(crd.path("status").path("storedVersions").get(0).asText()).isEqualTo("v1");
    }

    @Test
    void namesGroupScopeAndVersions() {
        ObjectNode crd = yaml(VALID);
        crd.with("metadata").put("name", "nets.samplecrd.k8s.io");
        crd.with("spec").put("scope", "Global");
        crd.with("spec").with("names").put("plural", "Networks");
        ((ObjectNode) crd.path("spec").path("versions").get(0)).put("storage", false);
        assertThat(errors(crd)).containsExactlyInAnyOrder(
                "metadata.name: Invalid value: \"nets.samplecrd.k8s.io\": must be spec.names.plural+\".\"+spec.group",
                "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"",
                "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version",
                "spec.names.plural: Invalid value: \"Networks\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                        + "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                        + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }

    @Test
    void structuralSchemaIsRequired() {
        ObjectNode crd = yaml(VALID);
        ObjectNode v = (ObjectNode) crd.path("spec").path("versions").get(0);
        v.with("schema").with("openAPIV3Schema").with("properties").with("spec").remove("type");
        assertThat(errors(crd)).containsExactly(
                "spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields");
        v.remove("schema");
        assertThat(errors(crd)).containsExactly("spec.versions[0].schema.openAPIV3Schema: Required value");
        crd.with("spec").with("names").remove("kind");
        crd.with("spec").remove("group");
        assertThat(errors(crd)).contains("spec.group: Required value", "spec.names.kind: Required value");
    }

    @Test
    void deletionAddsTheCleanupFinalizerAndTerminatingCondition() {
        ObjectNode crd = yaml(VALID);
        strategy.beginDeletion(crd);
        assertThat(crd.path("metadata").path("finalizers").get(0).asText()).isEqualTo("customresourcecleanup.apiextensions.k8s.io");
        assertThat(crd.path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("InstanceDeletionPending");
        assertThat(strategy.validate(crd)).isEmpty();
    }
}
