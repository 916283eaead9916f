package dev.kube4j.apiserver.bootstrap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.GenericRegistry;

import java.util.List;

/** Creates the namespaces every cluster has, on every start, through the normal create path. */
public final class SystemNamespaces {

    public static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private SystemNamespaces() {
    }

    public static void ensure(GenericRegistry registry, ApiResource namespaces) {
        for (String name : NAMES) {
            ObjectNode ns = JsonNodeFactory.instance.objectNode();
            ns.put("apiVersion", "v1");
            ns.put("kind", "Namespace");
            ns.putObject("metadata").put("name", name).putObject("labels").put("kubernetes.io/metadata.name", name);
            BootstrapObjects.createIfAbsent(registry, namespaces, ns);
        }
    }
}
