package dev.kube4j.apiserver.http;

import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.auth.Authenticator;
import dev.kube4j.apiserver.auth.Authorizer;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.metrics.ApiMetrics;
import dev.kube4j.apiserver.registry.ApiResource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Every request's pipeline: authenticate → authorize → route. Resource writes then go through
 * admission → strategy → store inside the registry. Every failure leaves as a Status object.
 */
public final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final List<Authenticator> authenticators;
    private final Authorizer authorizer;
    private final NonResourceEndpoints nonResource;
    private final ResourceEndpoints resources;
    private final ApiMetrics metrics;

    public ApiHandler(List<Authenticator> authenticators, Authorizer authorizer, NonResourceEndpoints nonResource,
                      ResourceEndpoints resources, ApiMetrics metrics) {
        super(InvocationType.BLOCKING);
        this.authenticators = List.copyOf(authenticators);
        this.authorizer = authorizer;
        this.nonResource = nonResource;
        this.resources = resources;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        HttpExchange ex = new HttpExchange(request, response, callback);
        RequestInfo info = RequestInfo.nonResource(ex.path(), ex.method());
        try {
            info = RequestInfoParser.parse(ex.method(), ex.path(), ex.queryFlag("watch"));
            if (info.resourceRequest() || !NonResourceEndpoints.isPublic(ex.path())) {
                UserInfo user = authenticate(request).orElseThrow(ApiException::unauthorized);
                String denied = authorizer.deny(user, info);
                if (denied != null) {
                    throw ApiException.forbidden(info.group(), info.resource(), info.name(), denied);
                }
                if (info.resourceRequest()) {
                    ApiResource r = resources.resolve(info);
                    resources.handle(ex, info, r, user);
                } else {
                    nonResource.handle(ex);
                }
            } else {
                nonResource.handle(ex);
            }
        } catch (ApiException e) {
            sendError(ex, e);
        } catch (Throwable t) {
            if (ex.isCommitted()) {
                LOG.debug("request failed after the response started: {} {}", ex.method(), ex.path(), t);
                ex.fail(t);
            } else {
                LOG.error("internal error serving {} {}", ex.method(), ex.path(), t);
                sendError(ex, ApiException.internal(t.getClass().getSimpleName() + ": " + t.getMessage()));
            }
        } finally {
            if (!info.verb().equals("watch")) {
                metrics.request(info.verb(), info.group(), info.resource(), info.subresource(), ex.status(),
                        System.nanoTime() - start);
            }
        }
        return true;
    }

    private Optional<UserInfo> authenticate(Request request) {
        for (Authenticator a : authenticators) {
            Optional<UserInfo> u = a.authenticate(request);
            if (u.isPresent()) {
                return u;
            }
        }
        return Optional.empty();
    }

    private static void sendError(HttpExchange ex, ApiException e) {
        if (ex.isCommitted()) {
            ex.fail(e);
            return;
        }
        ex.discardUnreadBody();
        ex.sendJson(e.code(), e.toStatus(), MediaTarget.JSON);
    }
}
