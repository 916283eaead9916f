package dev.kube4j.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.kube4j.apimachinery.patch.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MergePatchTest {

    private static JsonNode apply(String doc, String patch) {
        return MergePatch.apply(json(doc), json(patch));
    }

    @Test
    void rfc7386Examples() {
        assertThat(apply("{\"a\":\"b\"}", "{\"a\":\"c\"}")).isEqualTo(json("{\"a\":\"c\"}"));
        assertThat(apply("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo(json("{\"a\":\"b\",\"b\":\"c\"}"));
        assertThat(apply("{\"a\":\"b\"}", "{\"a\":null}")).isEqualTo(json("{}"));
        assertThat(apply("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}")).isEqualTo(json("{\"b\":\"c\"}"));
        assertThat(apply("{\"a\":[\"b\"]}", "{\"a\":\"c\"}")).isEqualTo(json("{\"a\":\"c\"}"));
        assertThat(apply("{\"a\":\"c\"}", "{\"a\":[\"b\"]}")).isEqualTo(json("{\"a\":[\"b\"]}"));
        assertThat(apply("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}")).isEqualTo(json("{\"a\":{\"b\":\"d\"}}"));
        assertThat(apply("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}")).isEqualTo(json("{\"a\":[1]}"));
        assertThat(apply("{\"e\":null}", "{\"a\":1}")).isEqualTo(json("{\"e\":null,\"a\":1}"));
        assertThat(apply("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo(json("{\"a\":{\"bb\":{}}}"));
    }

    @Test
    void kubectlStylePatches() {
        String deploy = """
                {"metadata": {"name": "web", "labels": {"app": "web", "tier": "front"}},
                 "spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "a", "image": "x"}]}}}}""";
        JsonNode out = apply(deploy, """
                {"metadata": {"labels": {"tier": null, "new": "1"}},
                 "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "b", "image": "y"}]}}}}""");
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{\"app\":\"web\",\"new\":\"1\"}"));
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(3);
        // lists are replaced wholesale by a merge patch
        assertThat(out.at("/spec/template/spec/containers")).isEqualTo(json("[{\"name\":\"b\",\"image\":\"y\"}]"));
        assertThat(out.at("/metadata/name").asText()).isEqualTo("web");
    }

    @Test
    void nullsInsideArraysAreKeptButPrunedFromNewObjects() {
        assertThat(apply("{}", "{\"a\":[null,{\"b\":null,\"c\":1}]}")).isEqualTo(json("{\"a\":[null,{\"c\":1}]}"));
        // replacing an existing value by an array keeps the array as sent
        assertThat(apply("{\"a\":{\"x\":1}}", "{\"a\":[{\"b\":null}]}")).isEqualTo(json("{\"a\":[{\"b\":null}]}"));
        // an object replacing a scalar loses its nulls
        assertThat(apply("{\"a\":1}", "{\"a\":{\"b\":null,\"c\":2}}")).isEqualTo(json("{\"a\":{\"c\":2}}"));
    }

    @Test
    void inputsAreNotModified() {
        JsonNode doc = json("{\"a\":{\"b\":1}}");
        JsonNode patch = json("{\"a\":{\"c\":{\"d\":null,\"e\":2}}}");
        JsonNode out = MergePatch.apply(doc, patch);
        assertThat(doc).isEqualTo(json("{\"a\":{\"b\":1}}"));
        assertThat(patch).isEqualTo(json("{\"a\":{\"c\":{\"d\":null,\"e\":2}}}"));
        assertThat(out).isEqualTo(json("{\"a\":{\"b\":1,\"c\":{\"e\":2}}}"));
    }

    @Test
    void invalidPatches() {
        for (String p : new String[]{"null", "\"x\"", "1", "true"}) {
            assertThatThrownBy(() -> apply("{}", p))
                    .isInstanceOf(PatchException.class)
                    .hasMessage("Invalid JSON Patch")
                    .satisfies(e -> assertThat(((PatchException) e).code()).isEqualTo(400));
        }
        // an array patch yields the array itself, as upstream (the caller then fails to decode it)
        assertThat(apply("{\"a\":1}", "[1,{\"b\":null}]")).isEqualTo(json("[1,{}]"));
    }
}
