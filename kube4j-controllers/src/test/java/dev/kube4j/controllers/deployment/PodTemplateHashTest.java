package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodTemplateHashTest {

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage(image).endContainer().endSpec().build();
    }

    @Test
    void stableForEqualTemplatesWhateverTheKeyOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("app", "nginx");
        ab.put("tier", "web");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("tier", "web");
        ba.put("app", "nginx");
        String h = PodTemplateHash.compute(template(ab, "nginx:1.23"), null);
        assertThat(PodTemplateHash.compute(template(ba, "nginx:1.23"), null)).isEqualTo(h);
        // Alphabet of rand.SafeEncodeString applied to the decimal digits: only [4-9bcdf].
        assertThat(h).matches("[4-9bcdf]{1,10}");
    }

    @Test
    void changesWithTheTemplateAndTheCollisionCount() {
        PodTemplateSpec t = template(Map.of("app", "nginx"), "nginx:1.23");
        String h = PodTemplateHash.compute(t, null);
        assertThat(PodTemplateHash.compute(template(Map.of("app", "nginx"), "nginx:1.24"), null)).isNotEqualTo(h);
        assertThat(PodTemplateHash.compute(t, 1)).isNotEqualTo(h).isNotEqualTo(PodTemplateHash.compute(t, 2));
        assertThat(PodTemplateHash.compute(t, 1)).isEqualTo(PodTemplateHash.compute(t, 1));
    }

    @Test
    void safeEncodeMapsDigitsLikeUpstream() {
        assertThat(PodTemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }
}
