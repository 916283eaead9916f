package dev.kube4j.controllers.disruption;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetMathTest {

    @Test
    void absoluteAndPercentBudgetsAsUpstream() {
        // minAvailable 2 of 3 healthy pods: one disruption allowed
        assertThat(BudgetMath.desiredHealthy(new IntOrString(2), null, 3)).isEqualTo(2);
        assertThat(BudgetMath.disruptionsAllowed(3, 2, 3)).isEqualTo(1);
        // percentages of the controllers' scale round up: 50% of 5 is 3
        assertThat(BudgetMath.desiredHealthy(new IntOrString("50%"), null, 5)).isEqualTo(3);
        // maxUnavailable 30% of 10 rounds up to 3 unavailable: 7 must stay
        assertThat(BudgetMath.desiredHealthy(null, new IntOrString("30%"), 10)).isEqualTo(7);
        assertThat(BudgetMath.desiredHealthy(null, new IntOrString(5), 3)).isZero();
        assertThat(BudgetMath.needsScale(new IntOrString(1), null)).isFalse();
        assertThat(BudgetMath.needsScale(new IntOrString("10%"), null)).isTrue();
        // nothing expected, or not enough healthy: nothing allowed
        assertThat(BudgetMath.disruptionsAllowed(2, 0, 0)).isZero();
        assertThat(BudgetMath.disruptionsAllowed(1, 2, 3)).isZero();
    }
}
