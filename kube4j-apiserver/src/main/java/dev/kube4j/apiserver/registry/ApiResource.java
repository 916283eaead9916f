package dev.kube4j.apiserver.registry;

import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;

/** A served resource: what it is (definition) and how its objects behave (strategy). */
public record ApiResource(ResourceDefinition def, ResourceStrategy strategy) {

    public String group() {
        return def.group();
    }

    public String plural() {
        return def.plural();
    }

    public String kind() {
        return def.kind();
    }

    /** The store key of one object. */
    public String key(String namespace, String name) {
        return def.namespaced() ? def.keyPrefix() + namespace + "/" + name : def.keyPrefix() + name;
    }

    /** The key prefix of a namespace's objects, or of all objects when namespace is empty. */
    public String prefix(String namespace) {
        return def.namespaced() && namespace != null && !namespace.isEmpty()
                ? def.keyPrefix() + namespace + "/" : def.keyPrefix();
    }
}
