package dev.kube4j.controllers.deployment;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionsTest {

    @Test
    void newReplicaSetGetsRevisionReplicasAndTheDeploymentsAnnotations() {
        Map<String, String> deployment = Map.of("kubernetes.io/change-cause", "image 1.24",
                Revisions.REVISION, "1", Revisions.LAST_APPLIED, "{}");
        Map<String, String> rs = new HashMap<>();
        assertThat(Revisions.setNewReplicaSetAnnotations(deployment, rs, 2, false, 3, 1)).isTrue();
        assertThat(rs).containsEntry(Revisions.REVISION, "2").containsEntry(Revisions.DESIRED_REPLICAS, "3")
                .containsEntry(Revisions.MAX_REPLICAS, "4").containsEntry("kubernetes.io/change-cause", "image 1.24")
                .doesNotContainKey(Revisions.LAST_APPLIED).doesNotContainKey(Revisions.REVISION_HISTORY);
        // Nothing more to do the second time.
        assertThat(Revisions.setNewReplicaSetAnnotations(deployment, rs, 2, true, 3, 1)).isFalse();
    }

    @Test
    void rollbackRaisesTheRevisionAndKeepsTheOldOnesInHistory() {
        Map<String, String> rs = new HashMap<>(Map.of(Revisions.REVISION, "1"));
        assertThat(Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 3, true, 3, 1)).isTrue();
        assertThat(rs).containsEntry(Revisions.REVISION, "3").containsEntry(Revisions.REVISION_HISTORY, "1");
        Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 5, true, 3, 1);
        assertThat(rs).containsEntry(Revisions.REVISION, "5").containsEntry(Revisions.REVISION_HISTORY, "1,3");
        // A lower revision never replaces a higher one.
        assertThat(Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 4, true, 3, 1)).isFalse();
        assertThat(rs).containsEntry(Revisions.REVISION, "5");
    }

    @Test
    void revisionsCompareAsNumbers() {
        Map<String, String> rs = new HashMap<>(Map.of(Revisions.REVISION, "9"));
        assertThat(Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 10, true, 1, 0)).isTrue();
        assertThat(rs).containsEntry(Revisions.REVISION, "10");
    }
}
