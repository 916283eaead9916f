package dev.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's matchSuccessPolicy for Indexed jobs: a rule with {@code succeededIndexes} wants all of
 * them succeeded, or at least {@code succeededCount} of them when both are set; a rule with only
 * {@code succeededCount} wants that many indexes succeeded.
 */
final class SuccessPolicies {

    private SuccessPolicies() {
    }

    /** The message of the first satisfied rule ("Matched rules at index 1"), or null. */
    static String match(SuccessPolicy policy, int completions, Set<Integer> succeeded) {
        if (policy == null || policy.getRules() == null || succeeded.isEmpty()) {
            return null;
        }
        List<SuccessPolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            if (satisfied(rules.get(i), completions, succeeded)) {
                return "Matched rules at index " + i;
            }
        }
        return null;
    }

    private static boolean satisfied(SuccessPolicyRule rule, int completions, Set<Integer> succeeded) {
        Integer count = rule.getSucceededCount();
        if (rule.getSucceededIndexes() == null) {
            return count != null && succeeded.size() >= count;
        }
        TreeSet<Integer> wanted = IndexIntervals.parse(rule.getSucceededIndexes(), completions);
        if (wanted.isEmpty()) {
            return false; // nothing parsed: upstream skips the rule
        }
        long done = wanted.stream().filter(succeeded::contains).count();
        return done == wanted.size() || count != null && done >= count;
    }
}
