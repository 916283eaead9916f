package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.kube4j.apimachinery.patch.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPatchTest {

    private static final String DEPLOY = """
            {"metadata": {"name": "web", "labels": {"app": "web"}},
             "spec": {"replicas": 1,
                      "template": {"spec": {"containers": [
                         {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}]},
                         {"name": "sidecar", "image": "busybox"}]}}}}""";

    private static JsonNode apply(String doc, String patch) {
        return JsonPatch.apply(json(doc), json(patch));
    }

    private static PatchException failure(String doc, String patch) {
        try {
            apply(doc, patch);
        } catch (PatchException e) {
            return e;
        }
        throw new AssertionError("expected failure");
    }

    @Test
    void addRemoveReplace() {
        JsonNode out = apply(DEPLOY, """
                [{"op": "replace", "path": "/spec/replicas", "value": 3},
                 {"op": "add", "path": "/metadata/labels/tier", "value": "front"},
                 {"op": "remove", "path": "/metadata/labels/app"},
                 {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"},
                 {"op": "add", "path": "/spec/template/spec/containers/0/env", "value": [{"name": "A", "value": "1"}]}]""");
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{\"tier\":\"front\"}"));
        assertThat(out.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");
        assertThat(out.at("/spec/template/spec/containers/0/env/0/name").asText()).isEqualTo("A");
    }

    @Test
    void inputIsNotModified() {
        JsonNode doc = json(DEPLOY);
        JsonNode patch = json("[{\"op\":\"add\",\"path\":\"/spec/x\",\"value\":{\"a\":1}},{\"op\":\"remove\",\"path\":\"/metadata\"}]");
        JsonNode before = doc.deepCopy();
        JsonNode patchBefore = patch.deepCopy();
        JsonNode out = JsonPatch.apply(doc, patch);
        assertThat(doc).isEqualTo(before);
        assertThat(patch).isEqualTo(patchBefore);
        ((com.fasterxml.jackson.databind.node.ObjectNode) out.at("/spec/x")).put("b", 2);
        assertThat(patch).isEqualTo(patchBefore);
    }

    @Test
    void arrayIndexes() {
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"add\",\"path\":\"/a/-\",\"value\":4}]")).isEqualTo(json("{\"a\":[1,2,3,4]}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"add\",\"path\":\"/a/0\",\"value\":0}]")).isEqualTo(json("{\"a\":[0,1,2,3]}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"add\",\"path\":\"/a/3\",\"value\":4}]")).isEqualTo(json("{\"a\":[1,2,3,4]}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"remove\",\"path\":\"/a/1\"}]")).isEqualTo(json("{\"a\":[1,3]}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"remove\",\"path\":\"/a/-1\"}]")).isEqualTo(json("{\"a\":[1,2]}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"replace\",\"path\":\"/a/-1\",\"value\":9}]")).isEqualTo(json("{\"a\":[1,2,9]}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"add\",\"path\":\"/a/-1\",\"value\":9}]")).isEqualTo(json("{\"a\":[1,2,3,9]}"));
        assertThat(failure("{\"a\":[1,2,3]}", "[{\"op\":\"add\",\"path\":\"/a/5\",\"value\":4}]").detail())
                .isEqualTo("error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced");
        assertThat(failure("{\"a\":[1]}", "[{\"op\":\"remove\",\"path\":\"/a/1\"}]").detail())
                .isEqualTo("error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced");
        assertThat(failure("{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":1}]").detail())
                .isEqualTo("error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax");
    }

    @Test
    void pointerEscapes() {
        JsonNode doc = json("{\"metadata\":{\"annotations\":{\"example.com/a~b\":\"1\"}}}");
        JsonNode out = JsonPatch.apply(doc, json("""
                [{"op": "test", "path": "/metadata/annotations/example.com~1a~0b", "value": "1"},
                 {"op": "replace", "path": "/metadata/annotations/example.com~1a~0b", "value": "2"},
                 {"op": "add", "path": "/metadata/annotations/kubernetes.io~1x", "value": "y"}]"""));
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"example.com/a~b\":\"2\",\"kubernetes.io/x\":\"y\"}"));
    }

    @Test
    void moveAndCopy() {
        assertThat(apply("{\"a\":{\"b\":1},\"c\":{}}", "[{\"op\":\"move\",\"from\":\"/a/b\",\"path\":\"/c/d\"}]"))
                .isEqualTo(json("{\"a\":{},\"c\":{\"d\":1}}"));
        assertThat(apply("{\"a\":[1,2,3]}", "[{\"op\":\"move\",\"from\":\"/a/0\",\"path\":\"/a/-\"}]"))
                .isEqualTo(json("{\"a\":[2,3,1]}"));
        assertThat(apply("{\"a\":{\"b\":[1]}}", "[{\"op\":\"copy\",\"from\":\"/a/b\",\"path\":\"/c\"}]"))
                .isEqualTo(json("{\"a\":{\"b\":[1]},\"c\":[1]}"));
        JsonNode copied = apply("{\"a\":{\"b\":[1]}}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/c\"},{\"op\":\"add\",\"path\":\"/c/b/-\",\"value\":2}]");
        assertThat(copied).isEqualTo(json("{\"a\":{\"b\":[1]},\"c\":{\"b\":[1,2]}}"));
        assertThat(failure("{\"a\":{}}", "[{\"op\":\"move\",\"from\":\"/a/x\",\"path\":\"/b\"}]").detail())
                .isEqualTo("error in move for path: 'x': Unable to remove nonexistent key: x: missing value");
        assertThat(failure("{}", "[{\"op\":\"move\",\"path\":\"/b\"}]").detail())
                .isEqualTo("move operation failed to decode from: operation, missing from field: missing value");
    }

    @Test
    void testOperation() {
        assertThat(apply(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1},"
                + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(apply(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/template/spec/containers/0\","
                + "\"value\":{\"ports\":[{\"containerPort\":80}],\"image\":\"nginx:1.25\",\"name\":\"nginx\"}}]")).isNotNull();
        // a missing member equals null, as upstream
        assertThat(apply(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/paused\",\"value\":null}]")).isNotNull();

        PatchException e = failure(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":5},"
                + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
        assertThat(e.detail()).isEqualTo("testing value /spec/replicas failed: test failed");
        assertThat(e.toStatus().get("details")).isEqualTo(json("{}"));
        assertThat(failure(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":\"1\"}]").detail())
                .isEqualTo("testing value /spec/replicas failed: test failed");
        assertThat(failure(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1.0}]").detail())
                .isEqualTo("testing value /spec/replicas failed: test failed");
        assertThat(failure(DEPLOY, "[{\"op\":\"test\",\"path\":\"/spec/paused\",\"value\":false}]").detail())
                .isEqualTo("testing value /spec/paused failed: test failed");
        assertThat(failure(DEPLOY, "[{\"op\":\"test\",\"path\":\"/nope/x\",\"value\":1}]").detail())
                .isEqualTo("test operation does not apply: is missing path: /nope/x: missing value");
    }

    @Test
    void failuresOfMissingTargets() {
        assertThat(failure(DEPLOY, "[{\"op\":\"add\",\"path\":\"/spec/nope/x\",\"value\":1}]").detail())
                .isEqualTo("add operation does not apply: doc is missing path: \"/spec/nope/x\": missing value");
        assertThat(failure(DEPLOY, "[{\"op\":\"remove\",\"path\":\"/metadata/labels/nope\"}]").detail())
                .isEqualTo("error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value");
        assertThat(failure(DEPLOY, "[{\"op\":\"remove\",\"path\":\"/spec/nope/x\"}]").detail())
                .isEqualTo("remove operation does not apply: doc is missing path: \"/spec/nope/x\": missing value");
        assertThat(failure(DEPLOY, "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/7\",\"value\":1}]").detail())
                .isEqualTo("replace operation does not apply: doc is missing key: /spec/template/spec/containers/7: missing value");
        assertThat(failure(DEPLOY, "[{\"op\":\"add\",\"path\":\"/spec/replicas/x\",\"value\":1}]").detail())
                .isEqualTo("add operation does not apply: doc is missing path: \"/spec/replicas/x\": missing value");
        assertThat(failure(DEPLOY, "[{\"op\":\"add\",\"value\":1}]").detail())
                .isEqualTo("add operation failed to decode path: missing value");
        assertThat(failure(DEPLOY, "[{\"op\":\"jump\",\"path\":\"/a\"}]").detail()).isEqualTo("Unexpected kind: jump");
        assertThat(failure(DEPLOY, "[{\"path\":\"/a\"}]").detail()).isEqualTo("Unexpected kind: unknown");
        assertThat(failure(DEPLOY, "[{\"op\":\"add\",\"path\":\"\",\"value\":{}}]").detail())
                .isEqualTo("add operation does not apply: doc is missing path: \"\": missing value");
    }

    @Test
    void upstreamLeniency() {
        // replace of a missing object member adds it (evanphx/json-patch v4)
        assertThat(apply("{\"a\":{}}", "[{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":1}]")).isEqualTo(json("{\"a\":{\"b\":1}}"));
        // add without value adds null
        assertThat(apply("{}", "[{\"op\":\"add\",\"path\":\"/a\"}]")).isEqualTo(json("{\"a\":null}"));
        // replace of the root
        assertThat(apply("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"b\":2}}]")).isEqualTo(json("{\"b\":2}"));
        // a null patch has no operations
        assertThat(JsonPatch.apply(json("{\"a\":1}"), json("null"))).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void malformedPatchesAreBadRequests() {
        assertThatThrownBy(() -> JsonPatch.apply(json("{}"), json("{\"op\":\"add\"}")))
                .isInstanceOf(PatchException.class)
                .hasMessage("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
                .satisfies(e -> assertThat(((PatchException) e).code()).isEqualTo(400));
        assertThatThrownBy(() -> JsonPatch.apply(json("{}"), json("[\"add\"]")))
                .hasMessage("json: cannot unmarshal string into Go value of type jsonpatch.Operation");
    }

    @Test
    void tooManyOperations() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"/a\",\"value\":1}");
        }
        assertThatThrownBy(() -> JsonPatch.apply(json("{\"a\":1}"), json(sb.append("]").toString())))
                .hasMessage("The allowed maximum operations in a JSON patch is 10000, got 10001")
                .satisfies(e -> assertThat(((PatchException) e).code()).isEqualTo(413));
    }
}
