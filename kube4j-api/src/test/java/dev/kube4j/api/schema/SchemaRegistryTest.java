package dev.kube4j.api.schema;

import dev.kube4j.apimachinery.meta.GroupVersionKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaRegistryTest {

    private final SchemaRegistry registry = SchemaRegistry.builtin();

    @Test
    void findsKindsAndNamesThemAsUpstream() {
        Definition deployment = registry.forKind(new GroupVersionKind("apps", "v1", "Deployment")).orElseThrow();
        assertThat(deployment.name()).isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.gvks()).containsExactly(new GroupVersionKind("apps", "v1", "Deployment"));
        assertThat(deployment.properties()).containsOnlyKeys("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(deployment.properties().get("metadata").type())
                .isEqualTo(new SchemaType.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assertThat(registry.forKind(new GroupVersionKind("", "v1", "Pod")).orElseThrow().name())
                .isEqualTo("io.k8s.api.core.v1.Pod");
        assertThat(registry.forKind(new GroupVersionKind("events.k8s.io", "v1", "Event")).orElseThrow().name())
                .isEqualTo("io.k8s.api.events.v1.Event");
        assertThat(registry.forKind(new GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition"))
                .orElseThrow().name())
                .isEqualTo("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition");
        assertThat(registry.modelClass(new GroupVersionKind("", "v1", "ConfigMap")).orElseThrow().getSimpleName())
                .isEqualTo("ConfigMap");
    }

    @Test
    void mapsJavaTypesToUpstreamShapes() {
        Definition container = registry.definition("io.k8s.api.core.v1.Container").orElseThrow();
        assertThat(container.properties().get("ports").type())
                .isEqualTo(new SchemaType.ArrayOf(new SchemaType.Ref("io.k8s.api.core.v1.ContainerPort")));
        assertThat(container.properties().get("ports").patchMergeKey()).isEqualTo("containerPort");
        assertThat(container.properties().get("ports").patchStrategy()).isEqualTo("merge");
        assertThat(container.properties().get("name").type()).isEqualTo(SchemaType.Primitive.STRING);
        assertThat(container.properties()).doesNotContainKey("additionalProperties");
        assertThat(container.required()).containsExactly("name");

        Definition resources = registry.definition("io.k8s.api.core.v1.ResourceRequirements").orElseThrow();
        assertThat(resources.properties().get("limits").type())
                .isEqualTo(new SchemaType.MapOf(new SchemaType.Ref(DefinitionNames.QUANTITY)));
        assertThat(registry.definition(DefinitionNames.QUANTITY).orElseThrow().shape())
                .isEqualTo(Definition.Shape.QUANTITY);

        Definition rolling = registry.definition("io.k8s.api.apps.v1.RollingUpdateDeployment").orElseThrow();
        assertThat(rolling.properties().get("maxSurge").type()).isEqualTo(new SchemaType.Ref(DefinitionNames.INT_OR_STRING));

        Definition meta = registry.definition(DefinitionNames.OBJECT_META).orElseThrow();
        assertThat(meta.properties().get("labels").type())
                .isEqualTo(new SchemaType.MapOf(SchemaType.Primitive.STRING));
        assertThat(meta.properties().get("creationTimestamp").type()).isEqualTo(new SchemaType.Ref(DefinitionNames.TIME));
        assertThat(meta.properties().get("generation").type()).isEqualTo(SchemaType.Primitive.INT64);

        Definition spec = registry.definition("io.k8s.api.apps.v1.DeploymentSpec").orElseThrow();
        assertThat(spec.properties().get("replicas").type()).isEqualTo(SchemaType.Primitive.INT32);
        assertThat(spec.properties().get("strategy").patchStrategy()).isEqualTo("retainKeys");

        Definition lease = registry.definition("io.k8s.api.coordination.v1.LeaseSpec").orElseThrow();
        assertThat(lease.properties().get("renewTime").type()).isEqualTo(new SchemaType.Ref(DefinitionNames.MICRO_TIME));
    }

    @Test
    void closureFollowsReferences() {
        var closure = registry.closure(java.util.List.of("io.k8s.api.apps.v1.Deployment"));
        assertThat(closure).contains("io.k8s.api.apps.v1.DeploymentSpec", "io.k8s.api.core.v1.PodSpec",
                "io.k8s.api.core.v1.Container", DefinitionNames.OBJECT_META, DefinitionNames.TIME,
                DefinitionNames.INT_OR_STRING, DefinitionNames.QUANTITY);
        assertThat(closure).doesNotContain("io.k8s.api.core.v1.Service");
        for (String name : closure) {
            assertThat(registry.definition(name)).as(name).isPresent();
        }
    }

    @Test
    void isCached() {
        assertThat(SchemaRegistry.builtin()).isSameAs(registry);
    }
}
