package dev.kube4j.apiserver.auth;

import java.util.List;

/**
 * What a user may do, as upstream's rule resolvers list it for SelfSubjectRulesReview.
 *
 * @param incomplete true when the authorizer cannot list every rule (the list may then be short)
 */
public record RuleSet(List<ResourceRule> resourceRules, List<NonResourceRule> nonResourceRules, boolean incomplete) {

    /** One resource rule: verbs on resources (by name) of API groups. */
    public record ResourceRule(List<String> verbs, List<String> apiGroups, List<String> resources, List<String> resourceNames) {
    }

    /** One non-resource rule: verbs on URL paths. */
    public record NonResourceRule(List<String> verbs, List<String> nonResourceURLs) {
    }

    /** Everything allowed: the rules of an always-allow authorizer. */
    public static final RuleSet EVERYTHING = new RuleSet(
            List.of(new ResourceRule(List.of("*"), List.of("*"), List.of("*"), List.of())),
            List.of(new NonResourceRule(List.of("*"), List.of("*"))), false);

    /** Nothing known. */
    public static final RuleSet UNKNOWN = new RuleSet(List.of(), List.of(), true);
}
