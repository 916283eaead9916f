package dev.kube4j.apiserver.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.GenericRegistry;

import java.util.List;

/** Creates the objects every cluster has, through the normal create path, on every start. */
final class BootstrapObjects {

    static final UserInfo SYSTEM = UserInfo.of("system:apiserver", List.of("system:masters"));

    private BootstrapObjects() {
    }

    /** Creates {@code obj} unless an object of that name exists (a concurrent create counts as existing). */
    static void createIfAbsent(GenericRegistry registry, ApiResource resource, ObjectNode obj) {
        String name = obj.path("metadata").path("name").asText();
        if (registry.find(resource, "", name).isPresent()) {
            return;
        }
        try {
            registry.create(resource, "", obj, SYSTEM, false);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }
}
