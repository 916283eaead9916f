package dev.kube4j.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.apimachinery.apply.ApplySchema;
import dev.kube4j.apimachinery.apply.FieldPath;
import dev.kube4j.apimachinery.apply.TypedValues;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinApplySchemasTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    @Test
    void deploymentListAndMapTypesComeFromUpstreamsMarkers() {
        ApplySchema d = BuiltinApplySchemas.forKind(new GroupVersionKind("apps", "v1", "Deployment"));
        ApplySchema podSpec = d.field("spec").field("template").field("spec");
        assertThat(podSpec.field("containers").listType()).isEqualTo(ApplySchema.ListType.MAP);
        assertThat(podSpec.field("containers").keys()).containsExactly("name");
        assertThat(podSpec.field("containers").items().field("ports").keys()).containsExactly("containerPort", "protocol");
        assertThat(podSpec.field("tolerations").listType()).isEqualTo(ApplySchema.ListType.ATOMIC);
        assertThat(podSpec.field("nodeSelector").atomic()).isTrue();
        assertThat(d.field("spec").field("selector").atomic()).isTrue();
        assertThat(d.field("metadata").field("finalizers").listType()).isEqualTo(ApplySchema.ListType.SET);
        assertThat(d.field("metadata").field("ownerReferences").keys()).containsExactly("uid");
        assertThat(d.field("spec").declares("replicas")).isTrue();
        // explicit atomic beats the merge patch strategy (Job conditions, pod hostIPs)
        ApplySchema job = BuiltinApplySchemas.forKind(new GroupVersionKind("batch", "v1", "Job"));
        assertThat(job.field("status").field("conditions").listType()).isEqualTo(ApplySchema.ListType.ATOMIC);
        assertThat(BuiltinApplySchemas.forKind(new GroupVersionKind("example.com", "v1", "Thing")).kind())
                .isEqualTo(ApplySchema.Kind.DEDUCED);
    }

    @Test
    void portsWithoutProtocolAreKeyedWithTheDefault() throws Exception {
        ApplySchema pod = BuiltinApplySchemas.forKind(new GroupVersionKind("", "v1", "Pod"));
        JsonNode cfg = json("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80}]}],"
                + "'nodeSelector':{'disk':'ssd'},'tolerations':[{'key':'k'}]}}");
        assertThat(TypedValues.toFieldSetStrict(cfg, pod).paths()).extracting(FieldPath::toString).contains(
                ".spec.containers[name=\"a\"].ports[containerPort=80,protocol=\"TCP\"]",
                ".spec.nodeSelector", ".spec.tolerations")
                .doesNotContain(".spec.nodeSelector.disk");
    }
}
