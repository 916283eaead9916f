package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.admission.AdmissionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Updates start from the watch cache's copy; when that copy is stale, every decision is taken
 * again on the store's copy: the answers must be those of a registry reading the store.
 */
class StaleCacheUpdateTest {

    @TempDir
    Path dir;
    private AdmissionHarness h;
    private ApiResource configMaps;

    @BeforeEach
    void staleCache() {
        h = new AdmissionHarness(dir);
        configMaps = h.resource("", "configmaps");
        h.create("", "configmaps", """
                metadata: {name: c, namespace: default}
                data: {k: v1}
                """);
        h.cache.close(); // the cache keeps its copies but sees no later write
        ObjectNode update = h.get("", "configmaps", "default", "c");
        update.with("data").put("k", "v2");
        h.registry.update(configMaps, "default", "c", "", update, AdmissionHarness.ADMIN, false);
        assertThat(h.cache.get(configMaps.key("default", "c")).object().path("data").path("k").asText()).isEqualTo("v1");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void anUpdatePinnedToTheStoresVersionSucceeds() {
        ObjectNode current = h.get("", "configmaps", "default", "c");
        current.with("data").put("k", "v3");
        ObjectNode written = h.registry.update(configMaps, "default", "c", "", current, AdmissionHarness.ADMIN, false).object();
        assertThat(written.path("data").path("k").asText()).isEqualTo("v3");
        assertThat(h.get("", "configmaps", "default", "c").path("data").path("k").asText()).isEqualTo("v3");
    }

    @Test
    void anUpdatePinnedToTheCachedVersionIsAConflict() {
        ObjectNode stale = h.cache.get(configMaps.key("default", "c")).object();
        stale.with("data").put("k", "v3");
        assertThatThrownBy(() -> h.registry.update(configMaps, "default", "c", "", stale, AdmissionHarness.ADMIN, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
        assertThat(h.get("", "configmaps", "default", "c").path("data").path("k").asText()).isEqualTo("v2");
    }

    @Test
    void aChangeThatIsANoOpOnlyAgainstTheCachedCopyIsWritten() {
        ObjectNode written = h.registry.guaranteedUpdate(configMaps, "default", "c", "", AdmissionHarness.ADMIN, false, false,
                o -> {
                    o.with("data").put("k", "v1"); // what the stale cache already says
                    return o;
                });
        assertThat(written.path("data").path("k").asText()).isEqualTo("v1");
        assertThat(h.get("", "configmaps", "default", "c").path("data").path("k").asText()).isEqualTo("v1");
    }

    @Test
    void aMutationThatFailsOnTheCachedCopyIsRetriedOnTheStoresCopy() {
        ObjectNode written = h.registry.guaranteedUpdate(configMaps, "default", "c", "", AdmissionHarness.ADMIN, false, false,
                o -> {
                    if (!o.path("data").path("k").asText().equals("v2")) {
                        throw ApiException.badRequest("expected v2, saw " + o.path("data").path("k").asText());
                    }
                    o.with("data").put("k", "v3");
                    return o;
                });
        assertThat(written.path("data").path("k").asText()).isEqualTo("v3");
    }
}
