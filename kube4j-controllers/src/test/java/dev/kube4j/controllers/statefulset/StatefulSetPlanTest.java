package dev.kube4j.controllers.statefulset;

import dev.kube4j.controllers.statefulset.StatefulSetPlan.Create;
import dev.kube4j.controllers.statefulset.StatefulSetPlan.Delete;
import dev.kube4j.controllers.statefulset.StatefulSetPlan.Spec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatefulSetPlanTest {

    private static StatefulPod healthy(int ordinal, String revision) {
        return new StatefulPod(ordinal, "web-" + ordinal, revision, true, false, false, true, true);
    }

    private static StatefulPod starting(int ordinal) {
        return new StatefulPod(ordinal, "web-" + ordinal, "r1", true, false, false, false, false);
    }

    private static Spec ordered(int replicas) {
        return new Spec(0, replicas, false, true, 0, 1, "r1", "r1");
    }

    @Test
    void orderedReadyCreatesOnePodAtATimeOnceThePreviousIsReady() {
        assertThat(StatefulSetPlan.plan(ordered(3), List.of())).containsExactly(new Create(0, true));
        assertThat(StatefulSetPlan.plan(ordered(3), List.of(starting(0)))).isEmpty();
        assertThat(StatefulSetPlan.plan(ordered(3), List.of(healthy(0, "r1")))).containsExactly(new Create(1, true));
    }

    @Test
    void parallelCreatesEveryMissingPodAtOnce() {
        Spec parallel = new Spec(0, 3, true, true, 0, 1, "r1", "r1");
        assertThat(StatefulSetPlan.plan(parallel, List.of(starting(1))))
                .containsExactly(new Create(0, true), new Create(2, true));
    }

    @Test
    void scaleDownRemovesTheHighestOrdinalFirstAndWaitsForIt() {
        List<StatefulPod> three = List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r1"));
        assertThat(StatefulSetPlan.plan(ordered(1), three)).containsExactly(new Delete("web-2", "scale down"));
        StatefulPod terminating = new StatefulPod(2, "web-2", "r1", true, true, false, true, true);
        assertThat(StatefulSetPlan.plan(ordered(1), List.of(healthy(0, "r1"), healthy(1, "r1"), terminating))).isEmpty();
        Spec parallel = new Spec(0, 1, true, true, 0, 1, "r1", "r1");
        assertThat(StatefulSetPlan.plan(parallel, three))
                .containsExactly(new Delete("web-2", "scale down"), new Delete("web-1", "scale down"));
    }

    @Test
    void failedPodsAreDeletedToBeCreatedAgain() {
        StatefulPod failed = new StatefulPod(0, "web-0", "r1", true, false, true, false, false);
        assertThat(StatefulSetPlan.plan(ordered(2), List.of(failed, healthy(1, "r1")))).containsExactly(new Delete("web-0", "recreate"));
    }

    @Test
    void rollingUpdateGoesFromTheTopDownToThePartition() {
        Spec partitioned = new Spec(0, 3, false, true, 2, 1, "r1", "r2");
        List<StatefulPod> old = List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r1"));
        assertThat(StatefulSetPlan.plan(partitioned, old)).containsExactly(new Delete("web-2", "update"));
        // Below the partition nothing changes, and a recreated pod there keeps the current revision.
        assertThat(StatefulSetPlan.plan(partitioned, List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r2")))).isEmpty();
        assertThat(StatefulSetPlan.plan(partitioned, List.of(healthy(1, "r1"), healthy(2, "r2")))).containsExactly(new Create(0, false));
        Spec all = new Spec(0, 3, false, true, 0, 1, "r1", "r2");
        assertThat(StatefulSetPlan.plan(all, List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r2"))))
                .containsExactly(new Delete("web-1", "update"));
        // An updated pod that is not ready yet holds the rollout.
        StatefulPod updating = new StatefulPod(2, "web-2", "r2", true, false, false, false, false);
        assertThat(StatefulSetPlan.plan(new Spec(0, 3, true, true, 0, 1, "r1", "r2"), List.of(healthy(0, "r1"), healthy(1, "r1"), updating)))
                .isEmpty();
    }

    @Test
    void maxUnavailableDeletesThatManyPodsFromTheTopAtOnce() {
        List<StatefulPod> old = List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r1"), healthy(3, "r1"), healthy(4, "r1"));
        Spec two = new Spec(0, 5, true, true, 0, 2, "r1", "r2");
        assertThat(StatefulSetPlan.plan(two, old)).containsExactly(new Delete("web-4", "update"), new Delete("web-3", "update"));
        // One pod of the range is still coming back: room for one more only.
        List<StatefulPod> oneMissing = List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r1"), healthy(3, "r2"));
        assertThat(StatefulSetPlan.plan(two, oneMissing)).containsExactly(new Create(4, true), new Delete("web-2", "update"));
        // Unavailable pods below the partition count too, and the partition still bounds the update.
        Spec partitioned = new Spec(0, 5, true, true, 3, 3, "r1", "r2");
        List<StatefulPod> lowUnready = List.of(starting(0), healthy(1, "r1"), healthy(2, "r1"), healthy(3, "r1"), healthy(4, "r1"));
        assertThat(StatefulSetPlan.plan(partitioned, lowUnready)).containsExactly(new Delete("web-4", "update"), new Delete("web-3", "update"));
        Spec full = new Spec(0, 5, true, true, 0, 2, "r1", "r2");
        assertThat(StatefulSetPlan.plan(full, List.of(starting(0), starting(1), healthy(2, "r1"), healthy(3, "r1"), healthy(4, "r1"))))
                .isEmpty();
    }

    @Test
    void orderedReadyHonoursMaxUnavailableOnceEveryPodIsReady() {
        List<StatefulPod> old = List.of(healthy(0, "r1"), healthy(1, "r1"), healthy(2, "r1"));
        assertThat(StatefulSetPlan.plan(new Spec(0, 3, false, true, 0, 2, "r1", "r2"), old))
                .containsExactly(new Delete("web-2", "update"), new Delete("web-1", "update"));
    }

    @Test
    void maxUnavailableIsACountOrAPercentageRoundedDownAndAtLeastOne() {
        assertThat(StatefulSetController.maxUnavailable(withMaxUnavailable(null), 10)).isEqualTo(1);
        assertThat(StatefulSetController.maxUnavailable(withMaxUnavailable(new IntOrString(3)), 10)).isEqualTo(3);
        assertThat(StatefulSetController.maxUnavailable(withMaxUnavailable(new IntOrString("25%")), 10)).isEqualTo(2);
        assertThat(StatefulSetController.maxUnavailable(withMaxUnavailable(new IntOrString("10%")), 5)).isEqualTo(1);
    }

    private static StatefulSet withMaxUnavailable(IntOrString value) {
        return new StatefulSetBuilder().withNewSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxUnavailable(value).endRollingUpdate().endUpdateStrategy().endSpec().build();
    }

    @Test
    void onDeleteNeverReplacesRunningPods() {
        Spec onDelete = new Spec(0, 2, false, false, 0, 1, "r1", "r2");
        assertThat(StatefulSetPlan.plan(onDelete, List.of(healthy(0, "r1"), healthy(1, "r1")))).isEmpty();
        assertThat(StatefulSetPlan.plan(onDelete, List.of(healthy(0, "r1")))).containsExactly(new Create(1, true));
    }

    @Test
    void ordinalsComeFromPodNames() {
        assertThat(StatefulIdentity.ordinal("web", "web-12")).isEqualTo(12);
        assertThat(StatefulIdentity.ordinal("web", "web-01")).isEqualTo(-1);
        assertThat(StatefulIdentity.ordinal("web", "webx-1")).isEqualTo(-1);
        assertThat(StatefulIdentity.claimName("www", "web", 2)).isEqualTo("www-web-2");
    }
}
