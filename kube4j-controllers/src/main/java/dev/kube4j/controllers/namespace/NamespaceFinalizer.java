package dev.kube4j.controllers.namespace;

import dev.kube4j.controllers.runtime.RawRequests;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Removes the {@code kubernetes} finalizer from a namespace's spec through the {@code finalize}
 * subresource (fabric8 has no typed call for it, so it is a raw PUT on the client's own HTTP
 * client, which carries its credentials). With no finalizer left, the server removes the namespace.
 */
final class NamespaceFinalizer {

    static final String KUBERNETES = "kubernetes";

    private final KubernetesClient client;

    NamespaceFinalizer(KubernetesClient client) {
        this.client = client;
    }

    /** Returns false if the namespace is already gone. */
    boolean removeKubernetesFinalizer(Namespace ns) throws InterruptedException {
        List<String> left = ns.getSpec() == null ? List.of()
                : ns.getSpec().getFinalizers().stream().filter(f -> !f.equals(KUBERNETES)).toList();
        Namespace body = new NamespaceBuilder(ns).editOrNewSpec().withFinalizers(left).endSpec().build();
        String path = "api/v1/namespaces/" + URLEncoder.encode(ns.getMetadata().getName(), StandardCharsets.UTF_8) + "/finalize";
        return RawRequests.send(client, "PUT", path, body, 404) != 404;
    }
}
