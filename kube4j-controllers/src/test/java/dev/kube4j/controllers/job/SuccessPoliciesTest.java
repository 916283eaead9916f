package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SuccessPoliciesTest {

    private static SuccessPolicy rule(String indexes, Integer count) {
        return new SuccessPolicyBuilder().addNewRule().withSucceededIndexes(indexes).withSucceededCount(count).endRule().build();
    }

    @Test
    void indexesOnlyWantsEveryListedIndex() {
        assertThat(SuccessPolicies.match(rule("0,2-3", null), 5, Set.of(0, 2))).isNull();
        assertThat(SuccessPolicies.match(rule("0,2-3", null), 5, Set.of(0, 2, 3, 4))).isEqualTo("Matched rules at index 0");
    }

    @Test
    void countOnlyWantsThatManyIndexes() {
        assertThat(SuccessPolicies.match(rule(null, 2), 5, Set.of(4))).isNull();
        assertThat(SuccessPolicies.match(rule(null, 2), 5, Set.of(1, 4))).isEqualTo("Matched rules at index 0");
    }

    @Test
    void bothWantThatManyOfTheListedIndexes() {
        assertThat(SuccessPolicies.match(rule("0-3", 2), 5, Set.of(0, 4))).isNull();
        assertThat(SuccessPolicies.match(rule("0-3", 2), 5, Set.of(0, 3))).isEqualTo("Matched rules at index 0");
    }

    @Test
    void theFirstSatisfiedRuleIsReported() {
        SuccessPolicy policy = new SuccessPolicyBuilder()
                .addNewRule().withSucceededIndexes("0-1").endRule()
                .addNewRule().withSucceededCount(1).endRule().build();
        assertThat(SuccessPolicies.match(policy, 3, Set.of(2))).isEqualTo("Matched rules at index 1");
    }

    @Test
    void indexesOutsideCompletionsOrUnreadableNeverMatchAndNoPolicyNeverMatches() {
        assertThat(SuccessPolicies.match(rule("7-9", null), 5, Set.of(0, 1, 2, 3, 4))).isNull();
        assertThat(SuccessPolicies.match(rule("x", null), 5, Set.of(0))).isNull();
        assertThat(SuccessPolicies.match(null, 5, Set.of(0))).isNull();
        assertThat(SuccessPolicies.match(rule(null, 1), 5, Set.of())).isNull();
    }
}
