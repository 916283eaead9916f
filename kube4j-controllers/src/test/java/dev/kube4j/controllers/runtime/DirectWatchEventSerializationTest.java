package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct decoding must give exactly what fabric8's own decoding gives, for every shape of event. */
class DirectWatchEventSerializationTest {

    private final KubernetesSerialization fabric8 = new KubernetesSerialization();
    private final DirectWatchEventSerialization direct = DirectWatchEventSerialization.create();

    @ParameterizedTest
    @ValueSource(strings = {
            // a pod, kind and apiVersion first
            """
            {"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"d",\
            "labels":{"app":"x"},"resourceVersion":"7"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"i",\
            "resources":{"requests":{"cpu":"10m"}}}]},"status":{"phase":"Running","podIP":"10.0.0.1"}}}""",
            // kind and apiVersion last, the object before the type, a field fabric8's model does not know
            """
            {"object":{"metadata":{"name":"d","namespace":"n"},"spec":{"replicas":3,"future":{"a":[1,2]}},\
            "apiVersion":"apps/v1","kind":"Deployment"},"type":"ADDED"}""",
            // an error
            """
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
            "message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""",
            // a bookmark
            """
            {"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12",\
            "annotations":{"k8s.io/initial-events-end":"true"}}}}""",
            // a kind fabric8 has no class for
            """
            {"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w"},\
            "spec":{"size":3}}}""",
            // no kind: fabric8's own path decides
            """
            {"type":"ADDED","object":{"metadata":{"name":"w"}}}""",
    })
    void decodesLikeFabric8(String event) {
        WatchEvent expected = fabric8.unmarshal(event, WatchEvent.class);
        WatchEvent actual = direct.unmarshal(event, WatchEvent.class);
        assertThat(actual.getType()).isEqualTo(expected.getType());
        assertThat(actual.getObject()).isEqualTo(expected.getObject());
        assertThat(actual.getObject()).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void leavesOutTheManagedFieldsAndNothingElse() {
        String event = """
                {"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"d",\
                "managedFields":[{"manager":"kubelet","operation":"Update","subresource":"status","fieldsV1":{"f:status":\
                {"f:podIPs":{".":{},"k:{\\"ip\\":\\"10.0.3.7\\"}":{".":{},"f:ip":{}}}}}}],"uid":"u1"},\
                "status":{"phase":"Running","podIP":"10.0.3.7"}}}""";
        Pod expected = (Pod) fabric8.unmarshal(event, WatchEvent.class).getObject();
        assertThat(expected.getMetadata().getManagedFields()).hasSize(1);
        expected.getMetadata().setManagedFields(new java.util.ArrayList<>()); // fabric8's default for an absent list
        Pod actual = (Pod) direct.unmarshal(event, WatchEvent.class).getObject();
        assertThat(actual.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getMetadata().getUid()).isEqualTo("u1");
    }

    @org.junit.jupiter.api.Test
    void responsesComeWithoutManagedFieldsToo() {
        String pod = """
                {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}]},\
                "spec":{"nodeName":"n1"}}""";
        Pod one = direct.unmarshal(new java.io.ByteArrayInputStream(pod.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Pod.class);
        assertThat(one.getMetadata().getManagedFields()).isEmpty();
        assertThat(one.getSpec().getNodeName()).isEqualTo("n1");
        String list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[" + pod + "," + pod + "]}";
        io.fabric8.kubernetes.api.model.PodList pods = direct.unmarshal(
                new java.io.ByteArrayInputStream(list.getBytes(java.nio.charset.StandardCharsets.UTF_8)), io.fabric8.kubernetes.api.model.PodList.class);
        assertThat(pods.getItems()).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getManagedFields()).isEmpty();
            assertThat(p.getMetadata().getName()).isEqualTo("p");
        });
        assertThat(pods.getMetadata().getResourceVersion()).isEqualTo("5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pod", "Deployment", "Status", "Widget"})
    void choosesTheClassFabric8Would(String kind) {
        String apiVersion = switch (kind) {
            case "Deployment" -> "apps/v1";
            case "Widget" -> "example.com/v1";
            default -> "v1";
        };
        Class<?> expected = switch (kind) {
            case "Pod" -> Pod.class;
            case "Deployment" -> Deployment.class;
            case "Status" -> Status.class;
            default -> GenericKubernetesResource.class;
        };
        String event = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"name\":\"a\"}}}";
        assertThat(direct.unmarshal(event, WatchEvent.class).getObject()).isInstanceOf(expected);
    }

    @org.junit.jupiter.api.Test
    void repeatedShortValuesAreSharedAndEveryValueIsKept() {
        String template = """
                {"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"%s","namespace":"default",\
                "labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.23","args":["%s"]}]},\
                "status":{"phase":"Running","message":"%s"}}}""";
        String longMessage = "x".repeat(SharedStrings.MAX_LENGTH + 1);
        Pod a = (Pod) direct.unmarshal(template.formatted("a", "\\u00e9t\\u00e9", longMessage), WatchEvent.class).getObject();
        Pod b = (Pod) direct.unmarshal(template.formatted("b", "été", longMessage), WatchEvent.class).getObject();
        assertThat(a.getMetadata().getName()).isEqualTo("a");
        assertThat(b.getMetadata().getName()).isEqualTo("b");
        assertThat(b.getMetadata().getNamespace()).isSameAs(a.getMetadata().getNamespace());
        assertThat(b.getStatus().getPhase()).isSameAs(a.getStatus().getPhase());
        assertThat(b.getSpec().getContainers().get(0).getImage()).isSameAs(a.getSpec().getContainers().get(0).getImage());
        assertThat(b.getMetadata().getLabels().get("app")).isSameAs(a.getMetadata().getLabels().get("app"));
        // escapes decoded before sharing; long values equal but not kept in the table
        assertThat(a.getSpec().getContainers().get(0).getArgs()).containsExactly("été");
        assertThat(b.getSpec().getContainers().get(0).getArgs().get(0)).isSameAs(a.getSpec().getContainers().get(0).getArgs().get(0));
        assertThat(b.getStatus().getMessage()).isEqualTo(longMessage).isNotSameAs(a.getStatus().getMessage());
    }
}
