package dev.kube4j.apimachinery.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMembersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"managedFields\":[{\"manager\":\"kubelet\","
                    + "\"fieldsV1\":{\"f:status\":{\"k:{\\\"ip\\\":\\\"10.0.3.7\\\"}\":{}}}}],\"uid\":\"u\"},\"spec\":{\"s\":\"]}\"}}}",
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"managedFields\":[]},\"kind\":\"Pod\"}}",
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"p\", \"managedFields\" : [ {\"a\":[1,2.5e3,true,null]} ] } }}",
            "{ \"object\" : { \"metadata\" : { \"managedFields\":[{\"m\":\"\\\\\"}], \"name\":\"é→\" } }, \"type\":\"DELETED\" }",
            "{\"k\\\"ey\":{\"metadata\":1},\"object\":{\"a\\\"\":2,\"metadata\":{\"x\":[\"managedFields\"],\"managedFields\":{}}}}",
    })
    void removingAMemberGivesWhatRemovingItFromTheTreeGives(String json) throws Exception {
        byte[] cut = JsonMembers.without(bytes(json), "object", "metadata", "managedFields");
        ObjectNode expected = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) expected.path("object").path("metadata")).remove("managedFields");
        assertThat(JSON.readTree(cut)).isEqualTo(expected);
        assertThat(cut.length).isLessThan(bytes(json).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"p\"}}}", // nothing to remove
            "{\"type\":\"ADDED\",\"object\":{\"spec\":{\"metadata\":{\"managedFields\":[]}}}}", // only deeper down
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"p\",\"managedFields\":[", // truncated
            "[{\"object\":{}}]",
            "",
    })
    void leavesJsonWithoutThatMemberAlone(String json) {
        byte[] in = bytes(json);
        assertThat(JsonMembers.without(in, "object", "metadata", "managedFields")).isSameAs(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[{\"metadata\":{\"name\":\"a\",\"managedFields\":[{}]}},"
                    + "{\"metadata\":{\"managedFields\":[{\"k\":\"]\"}],\"name\":\"b\"}},{\"metadata\":{\"name\":\"c\"}},7, {\"metadata\" : {\"managedFields\":null}} ]}",
            "{\"kind\":\"PodList\",\"items\":[]}",
            "{\"items\":[{\"metadata\":{\"managedFields\":[]}}],\"kind\":\"PodList\"}",
    })
    void removingAMemberFromEachItemGivesWhatTheTreeGives(String json) throws Exception {
        byte[] cut = JsonMembers.withoutInEach(bytes(json), "items", "metadata", "managedFields");
        ObjectNode expected = (ObjectNode) JSON.readTree(json);
        expected.path("items").forEach(item -> {
            if (item.path("metadata") instanceof ObjectNode meta) {
                meta.remove("managedFields");
            }
        });
        assertThat(JSON.readTree(cut)).isEqualTo(expected);
    }

    @Test
    void findsMembersAndTheirValues() {
        byte[] json = bytes("{\"a\":\"x\\\"y\",\"b\":{\"c\":[1,{\"d\":2}]},\"e\":-3.5,\"f\":null}");
        JsonMembers.Member b = JsonMembers.find(json, 0, "b");
        assertThat(new String(json, b.valueStart(), b.valueEnd() - b.valueStart(), StandardCharsets.UTF_8)).isEqualTo("{\"c\":[1,{\"d\":2}]}");
        JsonMembers.Member e = JsonMembers.find(json, 0, "e");
        assertThat(new String(json, e.valueStart(), e.valueEnd() - e.valueStart(), StandardCharsets.UTF_8)).isEqualTo("-3.5");
        assertThat(JsonMembers.find(json, 0, "d")).isNull(); // not a member of the top level
        JsonMembers.Member a = JsonMembers.find(json, 0, "a");
        assertThat(JsonMembers.plainString(json, a.valueStart(), a.valueEnd())).isNull(); // escaped: the caller parses
        assertThat(JsonMembers.forEach(json, 0, (ks, ke, vs, ve) -> true)).isEqualTo(json.length - 1);
    }

    @Test
    void replacingAValueGivesWhatSettingItInTheTreeGives() throws Exception {
        String json = "{\"metadata\":{\"name\":\"n\"},\"spec\" : {\"holderIdentity\":\"n\", \"renewTime\" : \"2026-01-01T00:00:00.000000Z\",\"x\":[1]}}";
        byte[] out = JsonMembers.withValue(bytes(json), bytes("\"2026-11-25T02:00:00.123456Z\""), "spec", "renewTime");
        ObjectNode expected = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) expected.get("spec")).put("renewTime", "2026-11-25T02:00:00.123456Z");
        assertThat(JSON.readTree(out)).isEqualTo(expected);
        assertThat(JSON.readTree(JsonMembers.withValue(bytes(json), bytes("{\"a\":null}"), "metadata"))).isEqualTo(JSON.readTree(
                "{\"metadata\":{\"a\":null},\"spec\":{\"holderIdentity\":\"n\",\"renewTime\":\"2026-01-01T00:00:00.000000Z\",\"x\":[1]}}"));
        // Only existing members, only through objects.
        assertThat(JsonMembers.withValue(bytes(json), bytes("1"), "spec", "acquireTime")).isNull();
        assertThat(JsonMembers.withValue(bytes(json), bytes("1"), "spec", "x", "y")).isNull();
        assertThat(JsonMembers.withValue(bytes("[]"), bytes("1"), "spec")).isNull();
    }

    @Test
    void malformedObjectsAnswerMinusOne() throws Exception {
        for (String bad : new String[]{"{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "{\"a\":\"open"}) {
            assertThat(JsonMembers.forEach(bytes(bad), 0, (ks, ke, vs, ve) -> true)).as(bad).isEqualTo(-1);
        }
        JsonNode ok = JSON.readTree("{}");
        assertThat(JsonMembers.forEach(bytes(ok.toString()), 0, (ks, ke, vs, ve) -> true)).isEqualTo(1);
    }
}
