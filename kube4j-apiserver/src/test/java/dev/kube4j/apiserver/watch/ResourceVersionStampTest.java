package dev.kube4j.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ObjectCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Stamping the bytes must give exactly what parsing, stamping the tree and writing it again gives. */
class ResourceVersionStampTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"d\",\"labels\":{\"app\":\"x\",\"é\":\"ü→\"},"
                    + "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"r\"}]},\"spec\":{\"template\":{\"metadata\":{\"name\":\"inner\"}},"
                    + "\"containers\":[{\"name\":\"c\",\"args\":[\"}\",\"\\\"metadata\\\":{\"]}]},\"status\":{\"phase\":\"Running\"}}",
            "{\"metadata\":{},\"kind\":\"ConfigMap\",\"data\":{\"k\":\"v\\n\\u0001\"}}",
            "{\"kind\":\"Node\",\"spec\":{\"metadata\":{\"name\":\"not this one\"}},\"metadata\":{\"name\":\"n\",\"labels\":{}}}",
            "{\"kind\":\"Lease\",\"metadata\":{\"name\":\"l\",\"labels\":null,\"annotations\":{\"a\":\"{\\\"b\\\":1}\"}}}",
            // kubelet's managed fields: keys with escaped quotes, braces inside strings
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"managedFields\":[{\"manager\":\"kubelet\",\"fieldsV1\":{\"f:status\":"
                    + "{\"f:podIPs\":{\".\":{},\"k:{\\\"ip\\\":\\\"10.0.3.7\\\"}\":{\".\":{},\"f:ip\":{}}}}}}],\"labels\":{\"a\":\"b\"}},"
                    + "\"status\":{\"podIP\":\"10.0.3.7\",\"n\":-15,\"t\":true,\"z\":null}}",
    })
    void matchesTheTreePath(String json) {
        byte[] stored = json.getBytes(StandardCharsets.UTF_8);
        ObjectNode tree = ObjectCodec.decodeStored(stored, 42);
        ResourceVersionStamp.Stamped stamped = ResourceVersionStamp.stamp(stored, 42);
        assertThat(stamped).isNotNull();
        assertThat(new String(stamped.json(), StandardCharsets.UTF_8)).isEqualTo(tree.toString());
        assertThat(stamped.labels()).isEqualTo(CachedObject.labelsOf(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"kind\":\"Pod\"}",                                              // no metadata: the tree path adds one
            "{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"3\"}}",       // a stored version to overwrite
            "{\"metadata\":{\"labels\":{\"n\":1}}}",                             // a label that is not a string
            "[1,2]",
            "{\"metadata\":{\"name\":\"p\"",                                   // truncated
            "{\"metadata\":{\"labels\":{\"a\":\"b\",\"c\\\"\":\"d\"}}}",               // an escaped label key (never valid)
    })
    void leavesTheUnusualToTheTreePath(String json) {
        assertThat(ResourceVersionStamp.stamp(json.getBytes(StandardCharsets.UTF_8), 7)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"kind\":\"Pod\"}",
            "{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"3\"},\"spec\":{}}",
    })
    void cachedObjectsComeOutTheSameEitherWay(String json) {
        CachedObject c = CachedObject.fromStored("k", json.getBytes(StandardCharsets.UTF_8), 9);
        assertThat(c.object().path("metadata").path("resourceVersion").asText()).isEqualTo("9");
    }
}
