package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JobLogicTest {

    @Test
    void backoffDoublesFromTenSecondsUpToSixMinutes() {
        JobBackoff b = JobBackoff.defaults();
        assertThat(b.delay(0)).isZero();
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(b.delay(7)).isEqualTo(Duration.ofMinutes(6));
        assertThat(b.delay(1000)).isEqualTo(Duration.ofMinutes(6));
        Instant failed = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(b.nextCreateAt(failed, 3)).isEqualTo("2025-01-01T00:00:40Z");
        assertThat(b.nextCreateAt(null, 0)).isNull();
    }

    private static Pod failedPod(String container, int exitCode, String condition) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewStatus().withPhase("Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName(container).withNewState().withNewTerminated()
                        .withExitCode(exitCode).endTerminated().endState().build())
                .endStatus();
        if (condition != null) {
            b.editStatus().withConditions(new PodConditionBuilder().withType(condition).withStatus("True").build()).endStatus();
        }
        return b.build();
    }

    @Test
    void podFailurePolicyTakesTheFirstMatchingRule() {
        PodFailurePolicy policy = new PodFailurePolicyBuilder()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().endRule()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("main").withOperator("In")
                .withValues(42, 43).endOnExitCodes().endRule()
                .addNewRule().withAction("Count").withNewOnExitCodes().withOperator("NotIn").withValues(1).endOnExitCodes().endRule()
                .build();
        assertThat(PodFailurePolicies.evaluate(policy, failedPod("main", 42, null))).isEqualTo(new PodFailurePolicies.Match("FailJob",
                "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1"));
        assertThat(PodFailurePolicies.evaluate(policy, failedPod("main", 42, "DisruptionTarget")).action()).isEqualTo("Ignore");
        assertThat(PodFailurePolicies.evaluate(policy, failedPod("sidecar", 42, null)).action()).isEqualTo("Count");
        assertThat(PodFailurePolicies.evaluate(policy, failedPod("main", 1, null))).isNull();
        // Exit code 0 never matches, not even NotIn.
        assertThat(PodFailurePolicies.evaluate(policy, failedPod("main", 0, null))).isNull();
        assertThat(PodFailurePolicies.evaluate(null, failedPod("main", 42, null))).isNull();
    }
}
