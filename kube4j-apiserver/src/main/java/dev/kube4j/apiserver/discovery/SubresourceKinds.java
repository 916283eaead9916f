package dev.kube4j.apiserver.discovery;

import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;

import java.util.List;

/** The kind and verbs each subresource answers with, as upstream's discovery lists them. */
final class SubresourceKinds {

    private SubresourceKinds() {
    }

    static GroupVersionKind kind(ResourceDefinition def, String sub) {
        return switch (sub) {
            case "scale" -> new GroupVersionKind("autoscaling", "v1", "Scale");
            case "binding" -> new GroupVersionKind("", "v1", "Binding");
            case "eviction" -> new GroupVersionKind("policy", "v1", "Eviction");
            case "approval" -> def.gvk();
            default -> def.gvk();
        };
    }

    static List<String> verbs(String sub) {
        return switch (sub) {
            case "binding", "eviction" -> List.of("create");
            case "finalize" -> List.of("update");
            case "log" -> List.of("get");
            default -> List.of("get", "patch", "update");
        };
    }
}
