package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.errors.ApiException;

import java.util.Set;
import java.util.function.Function;

/**
 * Upstream's NamespaceLifecycle: objects are created only in namespaces that exist and are not
 * terminating, and the system namespaces cannot be deleted.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

    static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");

    private final Function<String, JsonNode> namespaceLookup;

    /** @param namespaceLookup returns the Namespace object, or null when it does not exist */
    public NamespaceLifecycle(Function<String, JsonNode> namespaceLookup) {
        this.namespaceLookup = namespaceLookup;
    }

    @Override
    public void admit(AdmissionRequest r) {
        var def = r.resource().def();
        if (def.group().isEmpty() && def.plural().equals("namespaces")) {
            if (r.operation() == AdmissionRequest.Operation.DELETE && UNDELETABLE.contains(r.name())) {
                throw ApiException.forbidden("", "namespaces", r.name(), "this namespace may not be deleted");
            }
            return;
        }
        if (!def.namespaced() || r.operation() != AdmissionRequest.Operation.CREATE) {
            return;
        }
        JsonNode ns = namespaceLookup.apply(r.namespace());
        if (ns == null) {
            throw ApiException.notFound("", "namespaces", r.namespace());
        }
        boolean terminating = ns.path("metadata").hasNonNull("deletionTimestamp")
                || "Terminating".equals(ns.path("status").path("phase").asText());
        if (terminating) {
            throw ApiException.forbidden(def.group(), def.plural(), r.name(),
                    "unable to create new content in namespace " + r.namespace() + " because it is being terminated");
        }
    }
}
