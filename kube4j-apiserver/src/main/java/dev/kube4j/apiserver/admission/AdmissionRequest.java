package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;

/**
 * One write seen by admission: mutating plugins may change {@code object}; validating plugins
 * throw an ApiException to refuse.
 */
public record AdmissionRequest(Operation operation, ApiResource resource, String subresource, String namespace,
                               String name, ObjectNode object, ObjectNode oldObject, UserInfo user,
                               boolean dryRun) {

    public enum Operation { CREATE, UPDATE, DELETE, CONNECT }

    /** True for a write of the main resource {@code group/plural} (not a subresource) with operation {@code op}. */
    public boolean is(Operation op, String group, String plural) {
        return operation == op && subresource.isEmpty() && resource.group().equals(group) && resource.plural().equals(plural);
    }

    /** The refusal upstream's admission.NewForbidden words: {@code pods "x" is forbidden: why}. */
    public dev.kube4j.apimachinery.errors.ApiException forbidden(String why) {
        return dev.kube4j.apimachinery.errors.ApiException.forbidden(resource.group(), resource.plural(), name, why);
    }
}
