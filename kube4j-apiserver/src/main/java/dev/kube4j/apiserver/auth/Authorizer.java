package dev.kube4j.apiserver.auth;

import dev.kube4j.apiserver.http.RequestInfo;

/**
 * Decides whether a user may perform a request. The pipeline calls it for every request so
 * that RBAC slots in without rework.
 */
public interface Authorizer {

    /** Null when allowed, otherwise the reason shown in the 403 Status. */
    String deny(UserInfo user, RequestInfo request);

    /** Every authenticated user may do everything (the mode before RBAC is enforced). */
    static Authorizer alwaysAllow() {
        return (user, request) -> null;
    }
}
