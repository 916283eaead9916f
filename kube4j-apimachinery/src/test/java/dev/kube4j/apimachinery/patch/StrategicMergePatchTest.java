package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static dev.kube4j.apimachinery.patch.Json.json;
import static dev.kube4j.apimachinery.patch.Json.obj;
import static dev.kube4j.apimachinery.patch.Json.yaml;
import static org.assertj.core.api.Assertions.assertThat;

class StrategicMergePatchTest {

    /** The strategies of a Deployment that these tests rely on (the full table lives in kube4j-api). */
    private static final PatchSchema POD_SPEC = PatchSchema.builder()
            .merge("containers", "name")
            .merge("containers.ports", "containerPort")
            .merge("containers.env", "name")
            .merge("containers.volumeMounts", "mountPath")
            .merge("initContainers", "name")
            .strategy("volumes", "merge,retainKeys", "name")
            .merge("imagePullSecrets", "name")
            .build();
    private static final PatchSchema META = PatchSchema.builder()
            .merge("finalizers")
            .merge("ownerReferences", "uid")
            .build();
    private static final PatchSchema DEPLOYMENT = PatchSchema.builder()
            .include("metadata", META)
            .include("spec.template.metadata", META)
            .include("spec.template.spec", POD_SPEC)
            .retainKeys("spec.strategy")
            .merge("status.conditions", "type")
            .build();

    private static final String DEPLOY = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web, tier: front}
              finalizers: [a, b]
            spec:
              replicas: 2
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.25
                    ports:
                    - {containerPort: 80, name: http}
                    - {containerPort: 443, name: https}
                    env:
                    - {name: A, value: "1"}
                    - {name: B, value: "2"}
                  - name: sidecar
                    image: busybox
                  tolerations:
                  - {key: k1, operator: Exists}
                  volumes:
                  - name: data
                    emptyDir: {}
            """;

    private static ObjectNode patch(String original, String patch) {
        return StrategicMergePatch.apply(yaml(original), yaml(patch), DEPLOYMENT);
    }

    private static JsonNode containers(JsonNode obj) {
        return obj.at("/spec/template/spec/containers");
    }

    private static java.util.List<String> names(JsonNode list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        list.forEach(item -> out.add(item.path("name").asText()));
        return out;
    }

    private static PatchException failure(String original, String patch) {
        try {
            patch(original, patch);
        } catch (PatchException e) {
            return e;
        }
        throw new AssertionError("expected failure");
    }

    @Test
    void setContainerImageByName() {
        ObjectNode out = patch(DEPLOY, "{spec: {template: {spec: {containers: [{name: sidecar, image: 'busybox:1.36'}]}}}}");
        assertThat(containers(out).size()).isEqualTo(2);
        assertThat(containers(out).get(0).get("name").asText()).isEqualTo("nginx");
        assertThat(containers(out).get(0).get("image").asText()).isEqualTo("nginx:1.25");
        assertThat(containers(out).get(1)).isEqualTo(json("{\"name\":\"sidecar\",\"image\":\"busybox:1.36\"}"));
        // untouched siblings survive
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{\"app\":\"web\",\"tier\":\"front\"}"));
    }

    @Test
    void addEnvVarAndContainer() {
        ObjectNode out = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      containers:
                      - name: nginx
                        env:
                        - {name: C, value: "3"}
                        - {name: A, value: "one"}
                      - name: logger
                        image: fluentbit
                """);
        JsonNode env = containers(out).get(0).get("env");
        // the patch's items in patch order, then the live-only ones; A keeps its place relative to B
        assertThat(env).isEqualTo(json("[{\"name\":\"C\",\"value\":\"3\"},{\"name\":\"A\",\"value\":\"one\"},{\"name\":\"B\",\"value\":\"2\"}]"));
        // a new element goes before the live elements that follow the patch's previous element, as upstream
        assertThat(names(containers(out))).containsExactly("nginx", "logger", "sidecar");
        ObjectNode onlyNew = patch(DEPLOY, "{spec: {template: {spec: {containers: [{name: logger, image: fluentbit}]}}}}");
        assertThat(names(containers(onlyNew))).containsExactly("logger", "nginx", "sidecar");
    }

    @Test
    void setElementOrderPlacesNewItems() {
        ObjectNode out = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      $setElementOrder/containers: [{name: nginx}, {name: sidecar}, {name: logger}]
                      containers:
                      - {name: logger, image: fluentbit}
                """);
        assertThat(names(containers(out))).containsExactly("nginx", "sidecar", "logger");
        ObjectNode reordered = patch(DEPLOY, """
                spec: {template: {spec: {$setElementOrder/containers: [{name: sidecar}, {name: nginx}]}}}
                """);
        assertThat(containers(reordered).get(0).get("name").asText()).isEqualTo("sidecar");
        assertThat(containers(reordered).get(1).get("image").asText()).isEqualTo("nginx:1.25");
    }

    @Test
    void deletePortWithPatchDelete() {
        ObjectNode out = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      containers:
                      - name: nginx
                        ports:
                        - {containerPort: 443, $patch: delete}
                """);
        assertThat(containers(out).get(0).get("ports")).isEqualTo(json("[{\"containerPort\":80,\"name\":\"http\"}]"));
        assertThat(containers(out).get(0).get("env").size()).isEqualTo(2);
    }

    @Test
    void deleteContainerWithPatchDelete() {
        ObjectNode out = patch(DEPLOY, "{spec: {template: {spec: {containers: [{name: nginx, $patch: delete}]}}}}");
        assertThat(names(containers(out))).containsExactly("sidecar");
    }

    @Test
    void replaceListWithPatchReplace() {
        ObjectNode out = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      containers:
                      - {name: only, image: x}
                      - {$patch: replace}
                """);
        assertThat(containers(out)).isEqualTo(json("[{\"name\":\"only\",\"image\":\"x\"}]"));
    }

    @Test
    void mapDirectives() {
        ObjectNode replaced = patch(DEPLOY, "{metadata: {labels: {$patch: replace, only: one}}}");
        assertThat(replaced.at("/metadata/labels")).isEqualTo(json("{\"only\":\"one\"}"));
        ObjectNode deleted = patch(DEPLOY, "{metadata: {labels: {$patch: delete}}}");
        assertThat(deleted.at("/metadata/labels")).isEqualTo(json("{}"));
        // a directive on a map that does not exist yet drops it
        ObjectNode absent = patch(DEPLOY, "{metadata: {annotations: {$patch: replace, a: b}}}");
        assertThat(absent.at("/metadata").has("annotations")).isFalse();
    }

    @Test
    void nullDeletesKeys() {
        ObjectNode out = patch(DEPLOY, "{metadata: {labels: {tier: null, missing: null}}, spec: {strategy: {rollingUpdate: null}}}");
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{\"app\":\"web\"}"));
        assertThat(out.at("/spec/strategy")).isEqualTo(json("{\"type\":\"RollingUpdate\"}"));
        // nulls inside a new value are dropped
        ObjectNode added = patch(DEPLOY, "{metadata: {annotations: {a: '1', b: null}}}");
        assertThat(added.at("/metadata/annotations")).isEqualTo(json("{\"a\":\"1\"}"));
    }

    @Test
    void nonMergingListsAreReplaced() {
        ObjectNode out = patch(DEPLOY, "{spec: {template: {spec: {tolerations: [{key: k2, operator: Exists}]}}}}");
        assertThat(out.at("/spec/template/spec/tolerations")).isEqualTo(json("[{\"key\":\"k2\",\"operator\":\"Exists\"}]"));
    }

    @Test
    void unknownFieldsMergeAsMapsAndReplaceLists() {
        ObjectNode out = StrategicMergePatch.apply(obj("{\"x\":{\"a\":1,\"l\":[1,2]}}"), json("{\"x\":{\"b\":2,\"l\":[3]}}"),
                PatchSchema.empty());
        assertThat(out).isEqualTo(json("{\"x\":{\"a\":1,\"l\":[3],\"b\":2}}"));
    }

    @Test
    void finalizersMergeAsOrderedSet() {
        ObjectNode out = patch(DEPLOY, "{metadata: {finalizers: [c, a]}}");
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("[\"c\",\"a\",\"b\"]"));
        ObjectNode deleted = patch(DEPLOY, "{metadata: {$deleteFromPrimitiveList/finalizers: [a]}}");
        assertThat(deleted.at("/metadata/finalizers")).isEqualTo(json("[\"b\"]"));
        ObjectNode ordered = patch(DEPLOY, "{metadata: {$setElementOrder/finalizers: [b, a, z], finalizers: [z]}}");
        assertThat(ordered.at("/metadata/finalizers")).isEqualTo(json("[\"b\",\"a\",\"z\"]"));
        ObjectNode cleared = patch(DEPLOY, "{metadata: {finalizers: null}}");
        assertThat(cleared.at("/metadata").has("finalizers")).isFalse();
    }

    @Test
    void retainKeysDirectiveSwitchesStrategy() {
        ObjectNode out = patch(DEPLOY, "{spec: {strategy: {$retainKeys: [type], type: Recreate}}}");
        assertThat(out.at("/spec/strategy")).isEqualTo(json("{\"type\":\"Recreate\"}"));
        ObjectNode volumes = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      volumes:
                      - name: data
                        $retainKeys: [name, hostPath]
                        hostPath: {path: /tmp}
                """);
        assertThat(volumes.at("/spec/template/spec/volumes")).isEqualTo(json("[{\"name\":\"data\",\"hostPath\":{\"path\":\"/tmp\"}}]"));
        PatchException bad = failure(DEPLOY, "{spec: {strategy: {$retainKeys: [type], rollingUpdate: {maxSurge: 1}}}}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.getMessage()).isEqualTo("invalid patch format of retainKeys");
    }

    @Test
    void ownerReferencesMergeByUid() {
        String orig = "{metadata: {name: x, ownerReferences: [{uid: u1, name: a, kind: K}]}}";
        ObjectNode out = patch(orig, "{metadata: {ownerReferences: [{uid: u1, controller: true}, {uid: u2, name: b, kind: K}]}}");
        assertThat(out.at("/metadata/ownerReferences")).isEqualTo(json(
                "[{\"uid\":\"u1\",\"name\":\"a\",\"kind\":\"K\",\"controller\":true},{\"uid\":\"u2\",\"name\":\"b\",\"kind\":\"K\"}]"));
    }

    @Test
    void statusConditionsMergeByType() {
        String orig = "{status: {conditions: [{type: Available, status: 'False'}, {type: Progressing, status: 'True'}]}}";
        ObjectNode out = patch(orig, "{status: {conditions: [{type: Available, status: 'True'}]}}");
        assertThat(out.at("/status/conditions")).isEqualTo(json(
                "[{\"type\":\"Available\",\"status\":\"True\"},{\"type\":\"Progressing\",\"status\":\"True\"}]"));
    }

    @Test
    void listAddedWhereNoneExisted() {
        ObjectNode out = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      initContainers:
                      - {name: init, image: x, $patch: merge}
                      - {name: init2, image: y}
                """);
        // like upstream, elements carrying a directive are dropped from a new list
        assertThat(out.at("/spec/template/spec/initContainers")).isEqualTo(json("[{\"name\":\"init2\",\"image\":\"y\"}]"));
    }

    @Test
    void inputsAreNotModified() {
        ObjectNode original = yaml(DEPLOY);
        ObjectNode p = yaml("{spec: {template: {spec: {containers: [{name: nginx, $patch: delete}, {name: x, image: y}]}}}}");
        ObjectNode o0 = original.deepCopy();
        ObjectNode p0 = p.deepCopy();
        StrategicMergePatch.apply(original, p, DEPLOYMENT);
        assertThat(original).isEqualTo(o0);
        assertThat(p).isEqualTo(p0);
    }

    @Test
    void noLeftoverDirectives() {
        ObjectNode out = patch(DEPLOY, """
                spec:
                  template:
                    spec:
                      tolerations: [{key: a, $patch: delete}]
                      containers:
                      - name: brand-new
                        image: x
                        env: [{name: A, $patch: delete}]
                        $setElementOrder/env: [{name: A}]
                """);
        assertThat(out.toString()).doesNotContain("$patch").doesNotContain("$setElementOrder");
        assertThat(out.at("/spec/template/spec/tolerations")).isEqualTo(json("[{\"key\":\"a\"}]"));
    }

    @Test
    void errorsAsUpstream() {
        PatchException noKey = failure(DEPLOY, "{spec: {template: {spec: {containers: [{image: x}]}}}}");
        assertThat(noKey.code()).isEqualTo(500);
        assertThat(noKey.getMessage()).isEqualTo("map: map[image:x] does not contain declared merge key: name");

        PatchException mergeOnMap = failure(DEPLOY, "{metadata: {labels: {$patch: merge}}}");
        assertThat(mergeOnMap.getMessage()).isEqualTo("unknown patch type: merge in map: map[$patch:merge]");

        PatchException mergeInList = failure(DEPLOY, "{spec: {template: {spec: {containers: [{name: a, $patch: merge}]}}}}");
        assertThat(mergeInList.getMessage()).isEqualTo("merging lists cannot yet be specified in the patch");

        PatchException listOfLists = failure("{metadata: {finalizers: [[a]]}}", "{metadata: {finalizers: [[b]]}}");
        assertThat(listOfLists.code()).isEqualTo(422);
        assertThat(listOfLists.detail()).isEqualTo("lists of lists are not supported");

        PatchException mixed = failure(DEPLOY, "{metadata: {finalizers: [1]}}");
        assertThat(mixed.getMessage()).isEqualTo("list element types are not identical: [[a b] [1]]");

        PatchException badOrder = failure(DEPLOY, "{metadata: {$setElementOrderX/finalizers: [a]}}");
        assertThat(badOrder.code()).isEqualTo(400);
        assertThat(badOrder.getMessage()).isEqualTo("invalid patch format of setElementOrder list");

        PatchException badDelete = failure(DEPLOY, "{metadata: {$deleteFromPrimitiveList: [a]}}");
        assertThat(badDelete.code()).isEqualTo(400);
        assertThat(badDelete.getMessage()).isEqualTo("invalid patch format of primitive list");

        PatchException order = failure(DEPLOY, """
                {metadata: {$setElementOrder/finalizers: [b, a], finalizers: [a, b]}}""");
        assertThat(order.getMessage()).startsWith("The order in patch list:\n[a b]\n doesn't match $setElementOrder list:\n[b a]");

        PatchException notObject = org.assertj.core.api.Assertions.catchThrowableOfType(PatchException.class,
                () -> StrategicMergePatch.apply(yaml(DEPLOY), json("[1]"), DEPLOYMENT));
        assertThat(notObject.code()).isEqualTo(400);
        assertThat(notObject.getMessage()).isEqualTo("json: cannot unmarshal array into Go value of type map[string]interface {}");
    }

    @Test
    void topLevelDirectivesAndNullPatch() {
        assertThat(StrategicMergePatch.apply(obj("{\"a\":1}"), json("{\"$patch\":\"replace\",\"b\":2}"), PatchSchema.empty()))
                .isEqualTo(json("{\"b\":2}"));
        assertThat(StrategicMergePatch.apply(obj("{\"a\":1}"), json("null"), PatchSchema.empty())).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void replaceStrategyOnAMap() {
        PatchSchema pdb = PatchSchema.builder().replace("spec.selector").build();
        ObjectNode out = StrategicMergePatch.apply(obj("{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"1\"}}}}"),
                json("{\"spec\":{\"selector\":{\"matchExpressions\":[]}}}"), pdb);
        assertThat(out).isEqualTo(json("{\"spec\":{\"selector\":{\"matchExpressions\":[]}}}"));
    }
}
