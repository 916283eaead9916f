package dev.kube4j.apiserver.registry;

/**
 * Who a write's changed fields belong to: the field manager, and the subresource the request
 * went through when it differs from the one the registry writes ({@code scale} writes the main
 * object but is recorded as {@code subresource: scale}, as upstream).
 */
public record FieldOwner(String manager, String subresource) {

    public static FieldOwner of(String manager) {
        return new FieldOwner(manager, "");
    }
}
