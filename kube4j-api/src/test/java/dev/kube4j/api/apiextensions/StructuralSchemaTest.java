package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kube4j.apimachinery.validation.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Validation, pruning and defaulting of custom resources against their structural schema, worded as upstream. */
class StructuralSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final StructuralSchema SCHEMA = StructuralSchema.parse(yaml("""
            type: object
            properties:
              spec:
                type: object
                required: [cidr]
                properties:
                  cidr: {type: string, pattern: '^[0-9.]+/[0-9]+$'}
                  mode: {type: string, enum: [bridge, overlay]}
                  replicas: {type: integer, minimum: 0, maximum: 10}
                  name: {type: string, minLength: 1, maxLength: 5}
                  port: {x-kubernetes-int-or-string: true}
                  start: {type: string, format: date-time}
                  nick: {type: string, nullable: true}
                  tags:
                    type: array
                    maxItems: 2
                    minItems: 1
                    x-kubernetes-list-type: set
                    items: {type: string}
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        protocol: {type: string, default: TCP}
                  labels:
                    type: object
                    additionalProperties: {type: string}
                  free:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      known: {type: string, default: k}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      spec: {type: object}
                  mtu: {type: integer, default: 1500}
                  tuning:
                    type: object
                    default: {}
                    properties:
                      queue: {type: integer, default: 64}
              status:
                type: object
                properties:
                  phase: {type: string}
            """));

    private static ObjectNode yaml(String s) {
        try {
            return (ObjectNode) YAML.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> errors(String object) {
        return SchemaValidator.validate(yaml(object), SCHEMA, "").stream().map(FieldError::toString).toList();
    }

    @Test
    void typesAreCheckedWithUpstreamMessages() {
        assertThat(errors("""
                spec: {cidr: "10.0.0.0/8", replicas: "three", name: 5, tags: "a"}
                """)).containsExactlyInAnyOrder(
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                "spec.name: Invalid value: \"integer\": spec.name in body must be of type string: \"integer\"",
                "spec.tags: Invalid value: \"string\": spec.tags in body must be of type array: \"string\"");
        assertThat(errors("spec: {cidr: \"1.0.0.0/8\", replicas: 2.0}")).isEmpty();
        assertThat(errors("spec: {cidr: \"1.0.0.0/8\", replicas: 2.5}")).containsExactly(
                "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"");
    }

    @Test
    void anEmptyEnumRestrictsNothing() {
        // The official Java client sends "enum": [] for every schema node of a CRD it creates.
        StructuralSchema schema = StructuralSchema.parse(yaml("""
                type: object
                enum: []
                properties:
                  cidr: {type: string, enum: []}
                """));
        assertThat(schema.enumValues()).isNull();
        assertThat(SchemaValidator.validate(yaml("cidr: 10.0.0.0/8"), schema, "")).isEmpty();
    }

    @Test
    void valueConstraints() {
        assertThat(errors("""
                spec: {cidr: "x", mode: mesh, replicas: 11, name: "", tags: [a, b, c]}
                """)).containsExactlyInAnyOrder(
                "spec.cidr: Invalid value: \"x\": spec.cidr in body should match '^[0-9.]+/[0-9]+$'",
                "spec.mode: Unsupported value: \"mesh\": supported values: \"bridge\", \"overlay\"",
                "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10",
                "spec.name: Invalid value: \"\": spec.name in body should be at least 1 chars long",
                "spec.tags: Too many: 3: must have at most 2 items");
        assertThat(errors("spec: {cidr: \"1.0.0.0/8\", replicas: -1, name: toolong, tags: []}")).containsExactlyInAnyOrder(
                "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
                "spec.name: Too long: may not be more than 5 bytes",
                "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items");
        assertThat(errors("spec: {}")).containsExactly("spec.cidr: Required value");
    }

    @Test
    void formatsNullableIntOrStringAndEmbeddedResources() {
        assertThat(errors("""
                spec: {cidr: "1.0.0.0/8", port: 80, start: "2024-01-02T03:04:05Z", nick: null}
                """)).isEmpty();
        assertThat(errors("spec: {cidr: \"1.0.0.0/8\", port: http}")).isEmpty();
        assertThat(errors("""
                spec: {cidr: "1.0.0.0/8", port: true, start: yesterday, name: null, template: {spec: {}}}
                """)).containsExactlyInAnyOrder(
                "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"",
                "spec.start: Invalid value: \"yesterday\": spec.start in body must be of type date-time: \"yesterday\"",
                "spec.name: Invalid value: \"null\": spec.name in body must be of type string: \"null\"",
                "spec.template.apiVersion: Required value",
                "spec.template.kind: Required value");
    }

    @Test
    void listTypesRefuseDuplicates() {
        assertThat(errors("""
                spec:
                  cidr: "1.0.0.0/8"
                  tags: [a, a]
                  ports: [{name: http}, {name: http, protocol: UDP}]
                """)).containsExactlyInAnyOrder(
                "spec.tags[1]: Duplicate value: \"a\"",
                "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}");
    }

    @Test
    void pruningDropsUndeclaredFieldsAndReportsThem() {
        ObjectNode obj = yaml("""
                apiVersion: samplecrd.k8s.io/v1
                kind: Network
                metadata: {name: n, labels: {a: b}}
                spec:
                  cidr: "1.0.0.0/8"
                  colour: blue
                  labels: {any: thing}
                  free: {anything: [1, 2], known: x}
                  ports: [{name: a, bogus: 1}]
                  template: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {}, junk: 1}
                extra: 1
                """);
        List<String> pruned = SchemaPruner.prune(obj, SCHEMA);
        assertThat(pruned).containsExactly("spec.colour", "spec.ports[0].bogus", "spec.template.junk", "extra");
        assertThat(obj.path("metadata").path("labels").path("a").asText()).isEqualTo("b");
        assertThat(obj.path("spec").path("free").path("anything").size()).isEqualTo(2);
        assertThat(obj.path("spec").path("labels").path("any").asText()).isEqualTo("thing");
        assertThat(obj.path("spec").path("template").path("kind").asText()).isEqualTo("Pod");
        assertThat(obj.has("extra")).isFalse();
    }

    @Test
    void defaultsApplyToMissingFieldsAndInsideNewDefaults() {
        ObjectNode obj = yaml("""
                spec:
                  cidr: "1.0.0.0/8"
                  ports: [{name: a}, {name: b, protocol: UDP}]
                  free: {}
                  nick: null
                  name: null
                """);
        SchemaDefaulter.apply(obj, SCHEMA);
        assertThat(obj.path("spec").path("mtu").asInt()).isEqualTo(1500);
        assertThat(obj.path("spec").path("tuning").path("queue").asInt()).isEqualTo(64);
        assertThat(obj.path("spec").path("ports").get(0).path("protocol").asText()).isEqualTo("TCP");
        assertThat(obj.path("spec").path("ports").get(1).path("protocol").asText()).isEqualTo("UDP");
        assertThat(obj.path("spec").path("free").path("known").asText()).isEqualTo("k");
        assertThat(obj.path("spec").has("nick")).isTrue();
        assertThat(obj.path("spec").has("name")).isFalse(); // null where null is not allowed: dropped
        assertThat(obj.path("spec").has("mode")).isFalse();
    }

    @Test
    void simpleJsonPaths() {
        ObjectNode obj = yaml("""
                spec: {replicas: 3, items: [{name: a}, {name: b}]}
                status: {conditions: [{type: Ready, status: "False"}, {type: Synced, status: "True"}]}
                metadata: {labels: {app.kubernetes.io/name: web}}
                """);
        assertThat(SimpleJsonPath.parse(".spec.replicas").first(obj).asInt()).isEqualTo(3);
        assertThat(SimpleJsonPath.parse(".spec.items[1].name").first(obj).asText()).isEqualTo("b");
        assertThat(SimpleJsonPath.parse(".status.conditions[?(@.type==\"Synced\")].status").first(obj).asText()).isEqualTo("True");
        assertThat(SimpleJsonPath.parse(".metadata.labels['app.kubernetes.io/name']").first(obj).asText()).isEqualTo("web");
        assertThat(SimpleJsonPath.parse(".spec.missing").first(obj)).isNull();
        assertThat(CustomResourceStrategy.cell("integer", SimpleJsonPath.parse(".spec.replicas").first(obj))).isEqualTo(3L);
        assertThat(CustomResourceStrategy.cell("integer", SimpleJsonPath.parse(".status.conditions[0].type").first(obj))).isNull();
    }

    @Test
    void versionsArePreferredAsUpstreamOrdersThem() {
        List<String> versions = new java.util.ArrayList<>(List.of("v1alpha1", "foo", "v1beta2", "v1", "v2beta1", "v2", "v1beta1"));
        versions.sort(VersionPriority::compare);
        assertThat(versions).containsExactly("v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v1alpha1", "foo");
    }
}
