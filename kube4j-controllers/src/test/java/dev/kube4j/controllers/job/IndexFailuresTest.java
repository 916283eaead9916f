package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexFailuresTest {

    private static Pod pod(String name, int index, String failures, String ignored) {
        Map<String, String> a = new HashMap<>();
        a.put(JobPods.COMPLETION_INDEX, Integer.toString(index));
        if (failures != null) {
            a.put(IndexFailures.FAILURE_COUNT, failures);
        }
        if (ignored != null) {
            a.put(IndexFailures.IGNORED_FAILURE_COUNT, ignored);
        }
        return new PodBuilder().withNewMetadata().withName(name).withAnnotations(a).endMetadata().build();
    }

    @Test
    void aReplacementCountsOneMoreFailureOrOneMoreIgnoredFailure() {
        assertThat(IndexFailures.replacing(null, null)).isEqualTo(new IndexFailures.Counts(0, 0));
        assertThat(IndexFailures.replacing(pod("a", 0, "1", null), null)).isEqualTo(new IndexFailures.Counts(2, 0));
        assertThat(IndexFailures.replacing(pod("a", 0, "1", "2"), "Count")).isEqualTo(new IndexFailures.Counts(2, 2));
        assertThat(IndexFailures.replacing(pod("a", 0, "1", null), "Ignore")).isEqualTo(new IndexFailures.Counts(1, 1));
        // what a user wrote by hand counts as nothing
        assertThat(IndexFailures.of(pod("a", 0, "-3", "many"))).isEqualTo(new IndexFailures.Counts(0, 0));
    }

    @Test
    void anIndexFailsOnceItFailedMoreThanTheLimitOrAtOnceOnFailIndex() {
        assertThat(IndexFailures.failsIndex(pod("a", 0, "0", null), null, 1)).isFalse();
        assertThat(IndexFailures.failsIndex(pod("a", 0, "1", null), null, 1)).isTrue();
        assertThat(IndexFailures.failsIndex(pod("a", 0, "0", null), null, 0)).isTrue();
        assertThat(IndexFailures.failsIndex(pod("a", 0, "0", null), "FailIndex", 5)).isTrue();
        assertThat(IndexFailures.failsIndex(pod("a", 0, "9", null), "Ignore", 1)).isFalse();
    }

    @Test
    void annotationsSayTheFailureCountAlwaysAndTheIgnoredOneOnlyWhenThereIsOne() {
        Pod p = pod("a", 0, null, null);
        IndexFailures.annotate(p, new IndexFailures.Counts(1, 0));
        assertThat(p.getMetadata().getAnnotations()).containsEntry(IndexFailures.FAILURE_COUNT, "1")
                .doesNotContainKey(IndexFailures.IGNORED_FAILURE_COUNT);
        IndexFailures.annotate(p, new IndexFailures.Counts(1, 2));
        assertThat(p.getMetadata().getAnnotations()).containsEntry(IndexFailures.IGNORED_FAILURE_COUNT, "2");
    }

    @Test
    void theReplacementFollowsThePodWithTheMostFailuresBehindIt() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Pod first = pod("first", 0, "0", null);
        Pod second = pod("second", 0, "1", null);
        Pod ignored = pod("ignored", 0, "1", "1");
        Pod other = pod("other", 2, "0", null);
        Map<Integer, Pod> last = IndexFailures.lastFailed(List.of(ignored, first, second, other), now);
        assertThat(last).containsOnlyKeys(0, 2);
        assertThat(last.get(0).getMetadata().getName()).isEqualTo("ignored");
        assertThat(last.get(2).getMetadata().getName()).isEqualTo("other");
    }
}
