package dev.kube4j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.api.openapi.OpenApiDocuments;
import dev.kube4j.api.schema.Definition;
import dev.kube4j.api.schema.PatchMetadata;
import dev.kube4j.api.schema.Property;
import dev.kube4j.api.schema.SchemaRegistry;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apimachinery.patch.PatchSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kinds' patch schemas are derived from the type table {@link PatchMetadata} that also feeds
 * the OpenAPI documents; these tests check that both views agree and spot-check the derivation.
 */
class DerivedPatchSchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REF_PREFIX = "#/definitions/";

    private static SchemaRegistry registry;
    private static List<GroupVersionKind> objectKinds;
    private static JsonNode swaggerDefinitions;

    @BeforeAll
    static void setUp() throws Exception {
        registry = SchemaRegistry.builtin();
        objectKinds = registry.kinds().stream()
                .filter(g -> registry.forKind(g).filter(BuiltinPatchSchemas::isObjectKind).isPresent())
                .sorted((a, b) -> a.toString().compareTo(b.toString()))
                .toList();
        List<ResourceDefinition> resources = new ArrayList<>();
        for (GroupVersionKind gvk : objectKinds) {
            String plural = gvk.kind().toLowerCase() + "s";
            resources.add(new ResourceDefinition(gvk, plural, gvk.kind().toLowerCase(), true, List.of(), List.of(),
                    ResourceDefinition.ALL_VERBS, Set.of(), gvk.group().isEmpty() ? plural : plural + "." + gvk.group()));
        }
        JsonNode swagger = MAPPER.readTree(OpenApiDocuments.build(resources).v2Json().body());
        swaggerDefinitions = swagger.get("definitions");
    }

    private static void assertTags(PatchSchema node, String strategy, String mergeKey, String where) {
        List<String> strategies = strategy == null ? List.of() : List.of(strategy.split(","));
        assertThat(node.patchStrategies()).as("strategies of " + where).isEqualTo(strategies);
        assertThat(node.patchMergeKey()).as("merge key of " + where).isEqualTo(mergeKey == null ? "" : mergeKey);
    }

    // ------------------------------------------------------------------ agreement with OpenAPI

    @Test
    void everyKindCoversTheRenderedOpenApiExtensions() {
        assertThat(objectKinds).hasSizeGreaterThan(100);
        int tagged = 0;
        for (GroupVersionKind gvk : objectKinds) {
            String root = registry.forKind(gvk).orElseThrow().name();
            tagged += walkDocument(BuiltinPatchSchemas.forKind(gvk), root, "", new HashSet<>(Set.of(root)), gvk);
        }
        // ObjectMeta alone has two tagged fields per kind
        assertThat(tagged).isGreaterThan(2 * objectKinds.size());
    }

    /** Follows the rendered v2 schema ($ref, array items); every property's extensions must match the node at its path. */
    private int walkDocument(PatchSchema kind, String definition, String path, Set<String> ancestors, GroupVersionKind gvk) {
        JsonNode properties = swaggerDefinitions.path(definition).path("properties");
        int tagged = 0;
        for (var it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode prop = e.getValue();
            String strategy = prop.path("x-kubernetes-patch-strategy").asText(null);
            String mergeKey = prop.path("x-kubernetes-patch-merge-key").asText(null);
            assertTags(kind.at(p), strategy, mergeKey, gvk + " " + p);
            if (strategy != null || mergeKey != null) {
                tagged++;
            }
            List<String> strategies = strategy == null ? List.of() : List.of(strategy.split(","));
            if (strategies.contains("replace")
                    || prop.path("type").asText().equals("array") && !strategies.contains("merge")) {
                // replaced as a whole by a patch: the tags inside never apply and are left out
                assertThat(kind.at(p).fieldNames()).as(gvk + " " + p).isEmpty();
                continue;
            }
            JsonNode value = prop;
            while (value.path("type").asText().equals("array")) {
                value = value.path("items");
            }
            String ref = value.path("$ref").asText("");
            if (ref.startsWith(REF_PREFIX)) {
                String next = ref.substring(REF_PREFIX.length());
                if (ancestors.add(next)) {
                    tagged += walkDocument(kind, next, p, ancestors, gvk);
                    ancestors.remove(next);
                }
            }
        }
        return tagged;
    }

    @Test
    void everyTaggedPathOfEveryKindIsARenderedExtensionOrAFieldNewerThanTheModel() {
        for (GroupVersionKind gvk : objectKinds) {
            String root = registry.forKind(gvk).orElseThrow().name();
            walkSchema(BuiltinPatchSchemas.forKind(gvk), root, "", gvk);
        }
    }

    /** Follows the derived schema; every node must sit on a field of the type at that point, with that field's tags. */
    private void walkSchema(PatchSchema node, String definition, String path, GroupVersionKind gvk) {
        for (String field : node.fieldNames()) {
            PatchSchema child = node.field(field);
            String p = path.isEmpty() ? field : path + "." + field;
            JsonNode prop = swaggerDefinitions.path(definition).path("properties").path(field);
            String next;
            if (prop.isMissingNode()) {
                assertThat(PatchMetadata.isAheadOfModel(definition, field))
                        .as(gvk + " " + p + ": " + definition + " has no field " + field).isTrue();
                PatchMetadata.Entry e = PatchMetadata.lookup(definition, field).orElse(new PatchMetadata.Entry(null, null));
                assertTags(child, e.strategy(), e.mergeKey(), gvk + " " + p);
                next = PatchMetadata.aheadOfModelType(definition, field).orElse(null);
            } else {
                assertTags(child, prop.path("x-kubernetes-patch-strategy").asText(null),
                        prop.path("x-kubernetes-patch-merge-key").asText(null), gvk + " " + p);
                JsonNode value = prop;
                while (value.path("type").asText().equals("array")) {
                    value = value.path("items");
                }
                String ref = value.path("$ref").asText("");
                next = ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
            }
            if (!child.fieldNames().isEmpty()) {
                assertThat(next).as(gvk + " " + p + " has fields below but no type").isNotNull();
                walkSchema(child, next, p, gvk);
            }
        }
    }

    // ------------------------------------------------------------------ the table itself

    @Test
    void theTableNamesRealTypesAndFields() {
        Set<String> aheadTypes = new TreeSet<>();
        for (String def : PatchMetadata.definitionNames()) {
            for (String field : PatchMetadata.fields(def)) {
                PatchMetadata.aheadOfModelType(def, field).ifPresent(aheadTypes::add);
            }
        }
        for (String def : PatchMetadata.definitionNames()) {
            Definition d = registry.definition(def).orElse(null);
            if (d == null) {
                assertThat(aheadTypes).as(def + " is neither in the model nor the type of a field newer than it")
                        .contains(def);
                continue;
            }
            for (String field : PatchMetadata.fields(def)) {
                if (PatchMetadata.isAheadOfModel(def, field)) {
                    assertThat(d.properties()).as(def + "." + field + " is in the model now: make it a plain entry")
                            .doesNotContainKey(field);
                } else {
                    assertThat(d.properties()).as(def + "." + field + ": no such field").containsKey(field);
                    Property p = d.properties().get(field);
                    PatchMetadata.Entry e = PatchMetadata.lookup(def, field).orElseThrow();
                    assertThat(p.patchStrategy()).isEqualTo(e.strategy());
                    assertThat(p.patchMergeKey()).isEqualTo(e.mergeKey());
                }
            }
        }
    }

    @Test
    void nothingIsLostToCyclesOrMapValues() {
        BuiltinPatchSchemas.Walker walker = new BuiltinPatchSchemas.Walker(registry);
        for (GroupVersionKind gvk : objectKinds) {
            walker.definition(registry.forKind(gvk).orElseThrow().name());
        }
        assertThat(walker.lost()).isEmpty();
        // JSONSchemaProps refers to itself; the walk ends and gives a CRD its ObjectMeta tags only
        PatchSchema crd = BuiltinPatchSchemas.forKind("apiextensions.k8s.io", "CustomResourceDefinition");
        assertThat(crd.fieldNames()).containsExactly("metadata");
    }

    @Test
    void derivedOncePerKind() {
        assertThat(BuiltinPatchSchemas.forKind("apps", "Deployment"))
                .isSameAs(BuiltinPatchSchemas.forKind("apps", "Deployment"))
                .isSameAs(BuiltinPatchSchemas.forKind(new GroupVersionKind("apps", "v1", "Deployment")));
    }

    // ------------------------------------------------------------------ spot checks

    private static void assertAt(PatchSchema s, String path, String mergeKey, String... strategies) {
        PatchSchema f = s.at(path);
        assertThat(f.patchStrategies()).as(path).containsExactly(strategies);
        assertThat(f.patchMergeKey()).as(path).isEqualTo(mergeKey);
    }

    @Test
    void spotChecks() {
        PatchSchema deploy = BuiltinPatchSchemas.forKind("apps", "Deployment");
        assertAt(deploy, "spec.template.spec.containers", "name", "merge");
        assertAt(deploy, "spec.template.spec.containers.ports", "containerPort", "merge");
        assertAt(deploy, "spec.template.spec.initContainers.env", "name", "merge");
        assertAt(deploy, "spec.template.spec.volumes", "name", "merge", "retainKeys");
        assertAt(deploy, "spec.strategy", "", "retainKeys");
        assertAt(deploy, "metadata.ownerReferences", "uid", "merge");
        assertAt(deploy, "metadata.finalizers", "", "merge");
        assertAt(deploy, "spec.template.metadata.finalizers", "", "merge");
        assertThat(deploy.at("spec.template.spec.tolerations").isEmpty()).isTrue();
        assertAt(BuiltinPatchSchemas.forKind("", "Service"), "spec.ports", "port", "merge");
        assertAt(BuiltinPatchSchemas.forKind("", "Node"), "status.addresses", "type", "merge");
        // ContainerStatus tags its volumeMounts, but containerStatuses is replaced as a whole
        assertThat(BuiltinPatchSchemas.forKind("", "Pod").at("status.containerStatuses").isEmpty()).isTrue();
        assertAt(BuiltinPatchSchemas.forKind("autoscaling", "HorizontalPodAutoscaler"), "status.conditions", "type", "merge");
        assertAt(BuiltinPatchSchemas.forKind("flowcontrol.apiserver.k8s.io", "FlowSchema"), "status.conditions", "type", "merge");
        assertAt(BuiltinPatchSchemas.forKind("storage.k8s.io", "CSINode"), "spec.drivers", "name", "merge");
    }

    @Test
    void versionsDifferAndTheGaVersionIsPreferred() {
        assertAt(BuiltinPatchSchemas.forKind("policy", "PodDisruptionBudget"), "spec.selector", "", "replace");
        assertThat(BuiltinPatchSchemas.forKind(new GroupVersionKind("policy", "v1beta1", "PodDisruptionBudget"))
                .at("spec.selector").isEmpty()).isTrue();
        assertThat(BuiltinPatchSchemas.forKind(new GroupVersionKind("autoscaling", "v1", "HorizontalPodAutoscaler"))
                .at("status.conditions").isEmpty()).isTrue();
        assertThat(BuiltinPatchSchemas.forKind(new GroupVersionKind("apps", "v9", "Deployment"))).isSameAs(PatchSchema.empty());
        assertThat(BuiltinPatchSchemas.forKind(new GroupVersionKind("", "v1", "PodList"))).isSameAs(PatchSchema.empty());
        assertThat(BuiltinPatchSchemas.isKnown("", "PodList")).isFalse();
        assertThat(List.of("v1alpha1", "v1beta1", "v2beta2", "v1", "v2", "v1beta2", "foo").stream()
                .sorted(BuiltinPatchSchemas.VERSION_PRIORITY).toList())
                .containsExactly("v2", "v1", "v2beta2", "v1beta2", "v1beta1", "v1alpha1", "foo");
    }

    @Test
    void fieldsNewerThanTheModelKeepTheirTags() {
        PatchSchema pod = BuiltinPatchSchemas.forKind("", "Pod");
        assertAt(pod, "spec.evictionResponders", "name", "merge");
        assertAt(pod, "status.nodeAllocatableResourceClaimStatuses", "resourceClaimName", "merge");
        assertAt(pod, "status.nodeAllocatableResourceClaimStatuses.mapping", "name", "merge");
        assertAt(pod, "status.nodeAllocatableResourceClaimStatuses.overhead", "name", "merge");
        assertAt(BuiltinPatchSchemas.forKind("", "PersistentVolumeClaim"), "status.healthStatus.healthConditions",
                "status", "merge");
        assertAt(BuiltinPatchSchemas.forKind("batch", "Job"), "spec.scheduling.resourceClaims", "name", "merge");
        assertAt(BuiltinPatchSchemas.forKind("batch", "CronJob"), "spec.jobTemplate.spec.scheduling.resourceClaims",
                "name", "merge");
        assertAt(BuiltinPatchSchemas.forKind("", "ReplicationController"),
                "spec.template.spec.evictionResponders", "name", "merge");
    }
}
