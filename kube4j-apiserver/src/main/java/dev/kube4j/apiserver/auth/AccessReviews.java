package dev.kube4j.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.BuiltinResources;
import dev.kube4j.api.authorization.ReviewStrategies.Kind;
import dev.kube4j.api.authorization.ReviewStrategies.ReviewStrategy;
import dev.kube4j.api.util.SafeStrategy;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apiserver.http.RequestInfo;
import dev.kube4j.apiserver.registry.ApiResource;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers the create-only review resources from the server's own authenticator result and
 * {@link Authorizer}: SubjectAccessReview, SelfSubjectAccessReview, LocalSubjectAccessReview,
 * SelfSubjectRulesReview (authorization.k8s.io), SelfSubjectReview and TokenReview
 * (authentication.k8s.io). Nothing is stored: the request comes back with its status filled in.
 */
public final class AccessReviews {

    private final Authorizer authorizer;

    public AccessReviews(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** True for the review resources, which this class answers instead of the registry. */
    public boolean handles(ApiResource r) {
        return BuiltinResources.isReview(r.def()) && kind(r) != null;
    }

    /** Validates the review in {@code body} and returns it with its status, for a 201 answer. */
    public ObjectNode create(ApiResource r, String namespace, ObjectNode body, UserInfo requester) {
        Kind kind = kind(r);
        ObjectNode meta = body.with("metadata");
        if (r.def().namespaced()) {
            String bodyNs = meta.path("namespace").asText("");
            if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", namespace);
        }
        List<FieldError> errs = r.strategy().validate(body);
        if (!errs.isEmpty()) {
            throw ApiException.invalid(r.group(), r.kind(), "", errs);
        }
        JsonNode spec = body.path("spec");
        ObjectNode status = body.putObject("status");
        switch (kind) {
            case SELF_SUBJECT_ACCESS -> access(status, requester, spec, "");
            case SUBJECT_ACCESS -> access(status, subject(spec), spec, "");
            case LOCAL_SUBJECT_ACCESS -> access(status, subject(spec), spec, namespace);
            case SELF_SUBJECT_RULES -> rules(status, authorizer.rulesFor(requester, spec.path("namespace").asText("")));
            case SELF_SUBJECT -> userInfo(status.putObject("userInfo"), requester);
            case TOKEN -> {
                if (spec.path("token").asText("").isEmpty()) {
                    throw ApiException.badRequest("token is required for TokenReview in authentication");
                }
                // Only client certificates authenticate here: no token is known.
                status.putObject("user");
            }
        }
        return body;
    }

    private static Kind kind(ApiResource r) {
        ResourceStrategy s = r.strategy() instanceof SafeStrategy safe ? safe.delegate() : r.strategy();
        return s instanceof ReviewStrategy review ? review.kind() : null;
    }

    /** The subject of a SubjectAccessReview, taken as given (no implicit groups are added). */
    private static UserInfo subject(JsonNode spec) {
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        return new UserInfo(spec.path("user").asText(""), List.copyOf(groups));
    }

    private void access(ObjectNode status, UserInfo user, JsonNode spec, String namespace) {
        RequestInfo request;
        JsonNode ra = spec.path("resourceAttributes");
        if (ra.isObject()) {
            String ns = namespace.isEmpty() ? ra.path("namespace").asText("") : namespace;
            request = new RequestInfo(true, "", ra.path("verb").asText(""), "apis", ra.path("group").asText(""),
                    ra.path("version").asText(""), ns, ra.path("resource").asText(""),
                    ra.path("subresource").asText(""), ra.path("name").asText(""));
        } else {
            JsonNode nra = spec.path("nonResourceAttributes");
            request = RequestInfo.nonResource(nra.path("path").asText(""), nra.path("verb").asText(""));
        }
        String denied = authorizer.deny(user, request);
        status.put("allowed", denied == null);
        if (denied != null && !denied.isEmpty()) {
            status.put("reason", denied);
        }
    }

    private static void rules(ObjectNode status, RuleSet rules) {
        ArrayNode resourceRules = status.putArray("resourceRules");
        for (RuleSet.ResourceRule rule : rules.resourceRules()) {
            ObjectNode o = resourceRules.addObject();
            strings(o, "verbs", rule.verbs());
            strings(o, "apiGroups", rule.apiGroups());
            strings(o, "resources", rule.resources());
            strings(o, "resourceNames", rule.resourceNames());
        }
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (RuleSet.NonResourceRule rule : rules.nonResourceRules()) {
            ObjectNode o = nonResourceRules.addObject();
            strings(o, "verbs", rule.verbs());
            strings(o, "nonResourceURLs", rule.nonResourceURLs());
        }
        status.put("incomplete", rules.incomplete());
    }

    /** A list field, left out when empty as Go's omitempty does (verbs is always written). */
    private static void strings(ObjectNode o, String field, List<String> values) {
        if (!values.isEmpty() || field.equals("verbs")) {
            ArrayNode a = o.putArray(field);
            values.forEach(a::add);
        }
    }

    private static void userInfo(ObjectNode out, UserInfo user) {
        out.put("username", user.name());
        ArrayNode groups = out.putArray("groups");
        user.groups().forEach(groups::add);
    }
}
