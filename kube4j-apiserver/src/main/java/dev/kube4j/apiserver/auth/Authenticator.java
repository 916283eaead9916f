package dev.kube4j.apiserver.auth;

import org.eclipse.jetty.server.Request;

import java.util.Optional;

/** Finds who sent a request; empty when this authenticator does not recognise it. */
public interface Authenticator {
    Optional<UserInfo> authenticate(Request request);
}
