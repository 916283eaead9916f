package dev.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        String name = ns.getMetadata().getName();
        String base = client.getConfiguration().getMasterUrl();
        String url = (base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/finalize";
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url)
                .put("application/json", client.getKubernetesSerialization().asJson(body)).build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("PUT " + url + " failed", e);
        }
        if (response.code() == 404) {
            return false;
        }
        if (!response.isSuccessful()) {
            throw new KubernetesClientException("PUT " + url + ": " + response.code() + " " + response.body(),
                    response.code(), null);
        }
        return true;
    }
}
