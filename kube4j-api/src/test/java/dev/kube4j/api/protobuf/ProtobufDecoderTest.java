package dev.kube4j.api.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufDecoderTest {

    /** What kubectl 1.32's typed client sends: "k8s\0" + runtime.Unknown wrapping the object. */
    private static byte[] envelope(String apiVersion, String kind, byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{0x6b, 0x38, 0x73, 0x00});
        Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(com.google.protobuf.ByteString.copyFrom(raw)).build().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void deploymentAsKubectlCreateDeploymentSendsIt() throws Exception {
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setGenerateName("")
                        .putLabels("app", "web").setCreationTimestamp(Meta.Time.newBuilder()))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder()
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder()
                                        .setName("nginx").setImage("nginx:1.23").setTty(false)
                                        .setResources(V1.ResourceRequirements.newBuilder()
                                                .putLimits("cpu", Resource.Quantity.newBuilder().setString("500m").build()))))))
                .build();
        ObjectNode json = ProtobufDecoder.decode(envelope("apps/v1", "Deployment", d.toByteArray()));
        assertThat(json.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(json.path("kind").asText()).isEqualTo("Deployment");
        assertThat(json.path("metadata").has("generateName")).isFalse();
        assertThat(json.path("metadata").path("labels").path("app").asText()).isEqualTo("web");
        assertThat(json.path("metadata").path("creationTimestamp").isNull()).isTrue();
        assertThat(json.path("spec").path("replicas").asInt(-1)).isZero(); // a pointer: explicit zero kept
        assertThat(json.path("spec").has("minReadySeconds")).isFalse();   // a value: zero omitted
        assertThat(json.at("/spec/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
        assertThat(json.at("/spec/strategy/rollingUpdate/maxUnavailable").isInt()).isTrue();
        assertThat(json.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.23");
        assertThat(json.at("/spec/template/spec/containers/0").has("tty")).isFalse();
        assertThat(json.at("/spec/template/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("500m");
    }

    @Test
    void secretDataStaysBase64() throws Exception {
        V1.Secret s = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("db"))
                .putData("password", com.google.protobuf.ByteString.copyFromUtf8("s3cret")).setType("Opaque").build();
        ObjectNode json = ProtobufDecoder.decode(envelope("v1", "Secret", s.toByteArray()));
        assertThat(json.at("/data/password").asText()).isEqualTo("czNjcmV0");
        assertThat(json.path("type").asText()).isEqualTo("Opaque");
    }

    @Test
    void garbageIsABadRequest() {
        assertThatThrownBy(() -> ProtobufDecoder.decode(new byte[]{1, 2, 3, 4, 5}))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> ProtobufDecoder.decode(new byte[]{0x6b, 0x38, 0x73, 0x00, (byte) 0xff, (byte) 0xff}))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
