package dev.kube4j.store.embedded;

import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's MVStore candidate does what is measured correctly, so the comparison is fair. */
class MvStoreCandidateTest {

    @TempDir
    Path dir;

    @Test
    void writesReadsAndSurvivesReopen() {
        try (MvStoreCandidate store = MvStoreCandidate.open(dir)) {
            assertThat(store.create("/a", new byte[] {1}).modRevision()).isEqualTo(1);
            assertThat(store.create("/b", new byte[] {2}).modRevision()).isEqualTo(2);
            assertThatThrownBy(() -> store.create("/a", new byte[] {3})).isInstanceOf(KeyExistsException.class);
            assertThat(store.update("/a", new byte[] {4}, 1).version()).isEqualTo(2);
            assertThat(store.range("/", "/b", 0, 0).kvs()).extracting(KeyValue::key).containsExactly("/a");
        }
        try (MvStoreCandidate store = MvStoreCandidate.open(dir)) {
            assertThat(store.currentRevision()).isEqualTo(3);
            assertThat(store.get("/a").orElseThrow().value()).containsExactly(4);
            assertThat(store.rangePrefix("/").kvs()).hasSize(2);
            assertThat(store.create("/c", new byte[] {5}).modRevision()).isEqualTo(4);
        }
    }
}
