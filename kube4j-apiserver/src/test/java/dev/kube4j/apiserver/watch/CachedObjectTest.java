package dev.kube4j.apiserver.watch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CachedObjectTest {

    private static final String[] NODE_NAME = {"spec", "nodeName"};

    private static CachedObject stored(String json) {
        return CachedObject.fromStored("/registry/pods/default/p", json.getBytes(StandardCharsets.UTF_8), 7);
    }

    /** The field as the byte scan reads it, and how many times the parsed extractor had to run. */
    private static String read(String json, AtomicInteger parses) {
        return stored(json).field("spec.nodeName", NODE_NAME, obj -> {
            parses.incrementAndGet();
            return obj.path("spec").path("nodeName").isNull() ? "" : obj.path("spec").path("nodeName").asText("");
        });
    }

    @Test
    void aPlainStringOrAnAbsentMemberIsReadFromTheBytes() {
        AtomicInteger parses = new AtomicInteger();
        assertEquals("node-1", read("{\"metadata\":{\"name\":\"p\",\"managedFields\":[{\"f:spec\":{\"f:nodeName\":{}}}]},"
                + "\"spec\":{\"containers\":[{\"name\":\"nodeName\"}],\"nodeName\":\"node-1\"},\"status\":{}}", parses));
        assertEquals("", read("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[]}}", parses));
        assertEquals("", read("{\"metadata\":{\"name\":\"p\"}}", parses));
        assertEquals("", read("{\"spec\":{\"nodeName\":null}}", parses));
        assertEquals("", read("{\"spec\":null}", parses));
        assertEquals(0, parses.get());
    }

    @Test
    void anythingElseIsLeftToTheParsedExtractor() {
        AtomicInteger parses = new AtomicInteger();
        assertEquals("n\"1", read("{\"spec\":{\"nodeName\":\"n\\\"1\"}}", parses));
        assertEquals("12", read("{\"spec\":{\"nodeName\":12}}", parses));
        assertEquals("", read("{\"spec\":\"odd\"}", parses));
        assertEquals(3, parses.get());
    }

    @Test
    void theValueIsRememberedPerObject() {
        AtomicInteger parses = new AtomicInteger();
        CachedObject o = stored("{\"spec\":{\"nodeName\":12}}");
        for (int i = 0; i < 3; i++) {
            o.field("spec.nodeName", NODE_NAME, obj -> {
                parses.incrementAndGet();
                return obj.path("spec").path("nodeName").asText();
            });
        }
        assertEquals(1, parses.get());
    }
}
