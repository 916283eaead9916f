package dev.kube4j.controllers.podautoscaler;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaCalculatorTest {

    @Test
    void ceilOfCurrentTimesRatioOutsideTheTolerance() {
        // The seeds' example: 3 pods at 200% of a 100% target → ceil(3 × 2) = 6.
        assertThat(ReplicaCalculator.fromRatio(3, 2.0)).isEqualTo(6);
        assertThat(ReplicaCalculator.fromRatio(4, 50.0 / 80)).isEqualTo(3); // ceil(2.5)
        assertThat(ReplicaCalculator.fromRatio(10, 1.09)).isEqualTo(10);   // within 10 %: unchanged
        assertThat(ReplicaCalculator.fromRatio(10, 0.91)).isEqualTo(10);
        assertThat(ReplicaCalculator.fromRatio(10, 1.11)).isEqualTo(12);
    }

    @Test
    void clampedToMinAndMax() {
        assertThat(ReplicaCalculator.clamp(1, 2, 5)).isEqualTo(2);
        assertThat(ReplicaCalculator.clamp(9, 2, 5)).isEqualTo(5);
        assertThat(ReplicaCalculator.clamp(0, 0, 5)).isEqualTo(1);
    }

    @Test
    void scaleDownIsStabilizedOverTheWindowScaleUpIsNot() {
        ReplicaCalculator c = new ReplicaCalculator();
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        Duration window = Duration.ofMinutes(5);
        assertThat(c.stabilize(8, t0, window)).isEqualTo(8);
        assertThat(c.stabilize(3, t0.plusSeconds(60), window)).isEqualTo(8);   // a dip does not shrink at once
        assertThat(c.stabilize(10, t0.plusSeconds(120), window)).isEqualTo(10); // up at once
        assertThat(c.stabilize(3, t0.plusSeconds(500), window)).isEqualTo(3);   // 8 and 10 left the window
    }

    @Test
    void scalePathsOfTheScalableKinds() {
        assertThat(HorizontalPodAutoscalerController.scalePath("ns", "apps/v1", "Deployment", "web"))
                .isEqualTo("apis/apps/v1/namespaces/ns/deployments/web/scale");
        assertThat(HorizontalPodAutoscalerController.scalePath("ns", "v1", "ReplicationController", "rc"))
                .isEqualTo("api/v1/namespaces/ns/replicationcontrollers/rc/scale");
        assertThat(HorizontalPodAutoscalerController.scalePath("ns", "v1", "Pod", "p")).isNull();
    }
}
