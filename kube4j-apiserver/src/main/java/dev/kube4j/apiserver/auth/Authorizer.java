package dev.kube4j.apiserver.auth;

import dev.kube4j.apiserver.http.RequestInfo;

/**
 * Decides whether a user may perform a request. The pipeline calls it for every request, and the
 * access reviews (kubectl auth can-i) ask it too, so that RBAC slots in without rework.
 */
public interface Authorizer {

    /** Null when allowed, otherwise the reason shown in the 403 Status. */
    String deny(UserInfo user, RequestInfo request);

    /**
     * The rules {@code user} holds in {@code namespace}, as a SelfSubjectRulesReview answers them
     * ({@code kubectl auth can-i --list}). By default nothing is known: an incomplete, empty list.
     */
    default RuleSet rulesFor(UserInfo user, String namespace) {
        return RuleSet.UNKNOWN;
    }

    /** Every authenticated user may do everything (the mode before RBAC is enforced). */
    static Authorizer alwaysAllow() {
        return new Authorizer() {
            @Override
            public String deny(UserInfo user, RequestInfo request) {
                return null;
            }

            @Override
            public RuleSet rulesFor(UserInfo user, String namespace) {
                return RuleSet.EVERYTHING;
            }
        };
    }
}
