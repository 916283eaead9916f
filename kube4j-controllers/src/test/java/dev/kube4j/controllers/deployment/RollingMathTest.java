package dev.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollingMathTest {

    @Test
    void surgeRoundsUpAndUnavailableRoundsDown() {
        // 25 % of 10 is 2.5: surge 3, unavailable 2 (upstream's defaults on 10 replicas).
        assertThat(RollingMath.resolveFenceposts(new IntOrString("25%"), new IntOrString("25%"), 10))
                .isEqualTo(new RollingMath.Fenceposts(3, 2));
        assertThat(RollingMath.resolveFenceposts(new IntOrString("25%"), new IntOrString("25%"), 3))
                .isEqualTo(new RollingMath.Fenceposts(1, 0));
        assertThat(RollingMath.resolveFenceposts(new IntOrString(3), new IntOrString(3), 10))
                .isEqualTo(new RollingMath.Fenceposts(3, 3));
    }

    @Test
    void bothZeroAfterRoundingMeansOneUnavailable() {
        // 10 % of 3 rounds down to 0 unavailability, and 0 surge was asked: upstream allows 1 unavailable.
        assertThat(RollingMath.resolveFenceposts(new IntOrString(0), new IntOrString("10%"), 3))
                .isEqualTo(new RollingMath.Fenceposts(0, 1));
    }

    /**
     * Plays a rolling update of 10 replicas where every new pod is available at once and records
     * the total pod count after each step, as the seed's notes write it.
     */
    private static List<Integer> rollout(int surge, int unavailable) {
        int desired = 10;
        int oldRs = 10;
        int newRs = 0;
        List<Integer> totals = new ArrayList<>(List.of(oldRs + newRs));
        for (int step = 0; step < 50 && (oldRs > 0 || newRs < desired); step++) {
            int up = RollingMath.newReplicaSetReplicas(desired, surge, oldRs + newRs, newRs);
            if (up != newRs) {
                newRs = up;
                totals.add(oldRs + newRs);
                continue;
            }
            int maxDown = RollingMath.maxScaledDown(desired, unavailable, oldRs + newRs, newRs, newRs);
            int down = Math.min(oldRs, Math.min(maxDown, RollingMath.availableAboveMinimum(desired, unavailable, oldRs + newRs)));
            if (down > 0) {
                oldRs -= down;
                totals.add(oldRs + newRs);
            }
        }
        return totals;
    }

    @Test
    void seedSurgeFirstCreatesThenDeletes() {
        // "maxSurge: 先建后删 — 10 +3 =13 -3=10 +3=13 -3=10 +3=13 -3=10 +1=11 -1=10"
        assertThat(rollout(3, 0)).containsExactly(10, 13, 10, 13, 10, 13, 10, 11, 10);
    }

    @Test
    void seedUnavailableFirstDeletesThenCreates() {
        // "maxUnavailable: 先删后建 — 10 -3=7 +3=10 -3=7 +3=10 -3=7 +3=10 -1=9 +1=10"
        assertThat(rollout(0, 3)).containsExactly(10, 7, 10, 7, 10, 7, 10, 9, 10);
    }

    @Test
    void proportionalScalingSharesBySize() {
        // Deployment 10 → 20 (surge 25 % → 3, then 5) during a rollout with RSs of 7 and 6 (max 13):
        // each grows to its share of 25, the larger first.
        int toAdd = 25 - 13;
        int first = RollingMath.proportion(7, 13, 20, 5, toAdd, 0);
        int second = RollingMath.proportion(6, 13, 20, 5, toAdd, first);
        assertThat(first).isEqualTo(6);   // round(7 × 25 / 13) − 7 = 13 − 7
        assertThat(second).isEqualTo(6);  // round(6 × 25 / 13) − 6 = 12 − 6, capped by 12 − 6 left
        assertThat(RollingMath.proportion(4, 13, 0, 0, -13, 0)).isEqualTo(-4);
    }
}
