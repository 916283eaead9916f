package dev.kube4j.apimachinery.meta;

import java.util.List;
import java.util.Set;

/**
 * Everything the API server needs to serve one resource generically: its names for discovery
 * and URLs, its scope, its verbs and subresources.
 *
 * @param subresources e.g. {@code status}, {@code scale}, {@code binding}
 * @param storageGroup the group under which objects are stored; lets two groups share one
 *                     storage (core/v1 events and events.k8s.io/v1 events) as upstream does
 */
public record ResourceDefinition(
        GroupVersionKind gvk,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Set<String> verbs,
        Set<String> subresources,
        String storageResource) {

    public static final Set<String> ALL_VERBS =
            Set.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public GroupVersionResource gvr() {
        return new GroupVersionResource(gvk.group(), gvk.version(), plural);
    }

    public String group() {
        return gvk.group();
    }

    public String kind() {
        return gvk.kind();
    }

    public String listKind() {
        return gvk.kind() + "List";
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    /**
     * The store key prefix for this resource, e.g. {@code /registry/pods/} or
     * {@code /registry/deployments.apps/} ends with '/'.
     */
    public String keyPrefix() {
        return "/registry/" + storageResource + "/";
    }
}
