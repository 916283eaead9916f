package dev.kube4j.apiserver.http;

import dev.kube4j.apimachinery.errors.ApiException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaTargetTest {

    private static final Set<String> TABLE = Set.of("Table;meta.k8s.io;v1", "Table;meta.k8s.io;v1beta1");

    @Test
    void kubectlGetAsksForTableFirst() {
        MediaTarget t = MediaTarget.negotiate(
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
                TABLE);
        assertThat(t.as()).isEqualTo("Table");
        assertThat(t.version()).isEqualTo("v1");
        assertThat(t.contentType()).isEqualTo("application/json;as=Table;v=v1;g=meta.k8s.io");
    }

    @Test
    void unsupportedTransformFallsBackToPlainJson() {
        MediaTarget t = MediaTarget.negotiate("application/json;as=Table;v=v1;g=meta.k8s.io, application/json", Set.of());
        assertThat(t.as()).isEmpty();
        assertThat(t.yaml()).isFalse();
    }

    @Test
    void yamlAndProtobufOnly() {
        assertThat(MediaTarget.negotiate("application/yaml", TABLE).yaml()).isTrue();
        assertThat(MediaTarget.negotiate("application/vnd.kubernetes.protobuf, */*", TABLE).yaml()).isFalse();
        assertThatThrownBy(() -> MediaTarget.negotiate("application/vnd.kubernetes.protobuf", TABLE))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(406));
    }
}
