package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;

/**
 * A served resource: what it is (definition) and how its objects behave (strategy).
 *
 * @param storageApiVersion the apiVersion objects are stored in; differs from the served one when
 *                          several versions share one storage: autoscaling/v1 horizontal pod
 *                          autoscalers are stored as autoscaling/v2, a custom resource's
 *                          non-storage versions in its storage version. The strategy converts
 *                          (for custom resources, conversion "None": only the apiVersion changes)
 */
public record ApiResource(ResourceDefinition def, ResourceStrategy strategy, String storageApiVersion) {

    public ApiResource(ResourceDefinition def, ResourceStrategy strategy) {
        this(def, strategy, def.gvk().apiVersion());
    }

    public String group() {
        return def.group();
    }

    public String plural() {
        return def.plural();
    }

    public String kind() {
        return def.kind();
    }

    /** True when stored objects carry another apiVersion than this resource serves. */
    public boolean converts() {
        return !storageApiVersion.equals(def.gvk().apiVersion());
    }

    /** A stored object as this version serves it (the object itself when nothing changes). */
    public ObjectNode served(ObjectNode stored) {
        return convert(stored, def.gvk().apiVersion());
    }

    /** An object of this version as it is stored. */
    public ObjectNode forStorage(ObjectNode obj) {
        return convert(obj, storageApiVersion);
    }

    private ObjectNode convert(ObjectNode obj, String apiVersion) {
        if (!converts() || apiVersion.equals(obj.path("apiVersion").asText())) {
            return obj;
        }
        return strategy.convert(obj, apiVersion);
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
