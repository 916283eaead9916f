package dev.kube4j.apimachinery.patch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchSchemaTest {

    @Test
    void buildsATreeFromDottedPaths() {
        PatchSchema containers = PatchSchema.builder()
                .merge("containers", "name")
                .merge("containers.ports", "containerPort")
                .build();
        PatchSchema s = PatchSchema.builder()
                .merge("metadata.finalizers")
                .include("spec.template.spec", containers)
                .strategy("spec.template.spec.volumes", "merge,retainKeys", "name")
                .retainKeys("spec.strategy")
                .build();
        PatchSchema ports = s.at("spec.template.spec.containers.ports");
        assertThat(ports.patchStrategies()).containsExactly("merge");
        assertThat(ports.patchMergeKey()).isEqualTo("containerPort");
        assertThat(s.field("spec").field("template").field("spec").field("volumes").patchStrategies())
                .containsExactly("merge", "retainKeys");
        assertThat(s.at("metadata.finalizers").patchMergeKey()).isEmpty();
        assertThat(s.at("spec.strategy").hasStrategy(PatchSchema.RETAIN_KEYS)).isTrue();
        assertThat(s.at("spec.unknown.deeper").isEmpty()).isTrue();
        assertThat(s.at("spec.unknown.deeper")).isSameAs(PatchSchema.empty());
        assertThat(s.toString().lines().toList()).isEqualTo(List.of(
                "metadata.finalizers merge",
                "spec.strategy retainKeys",
                "spec.template.spec.containers merge name",
                "spec.template.spec.containers.ports merge containerPort",
                "spec.template.spec.volumes merge,retainKeys name"));
    }

    @Test
    void includeMergesIntoExistingNodesAndEqualityIsStructural() {
        PatchSchema a = PatchSchema.builder().merge("x.l", "k").build();
        PatchSchema b = PatchSchema.builder().merge("x.m").include(a).build();
        assertThat(b.at("x.l").patchMergeKey()).isEqualTo("k");
        assertThat(b.at("x.m").patchStrategies()).containsExactly("merge");
        assertThat(PatchSchema.builder().merge("x.m").merge("x.l", "k").build())
                .isEqualTo(PatchSchema.builder().merge("x.l", "k").merge("x.m").build());
        assertThat(PatchSchema.builder().build()).isSameAs(PatchSchema.empty());
        assertThatThrownBy(() -> PatchSchema.builder().merge("a..b")).isInstanceOf(IllegalArgumentException.class);
    }
}
