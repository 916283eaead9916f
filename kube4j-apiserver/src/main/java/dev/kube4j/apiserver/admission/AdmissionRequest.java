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
}
