package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests fabric8 has no call for ({@code pods/{name}/binding}, {@code namespaces/{name}/finalize},
 * deletes with a uid precondition), through the client's own HTTP client and credentials.
 */
public final class RawRequests {

    private RawRequests() {
    }

    /**
     * Sends {@code body} as JSON with {@code method} ("POST", "PUT" or "DELETE" with DeleteOptions) to {@code path} (e.g.
     * "api/v1/namespaces/default/pods/web/binding") and returns the status code; a failure other
     * than {@code tolerated} codes throws with the server's Status message.
     */
    public static int send(KubernetesClient client, String method, String path, Object body, int... tolerated)
            throws InterruptedException {
        String base = client.getConfiguration().getMasterUrl();
        String url = (base.endsWith("/") ? base : base + "/") + path;
        HttpClient http = client.getHttpClient();
        String json = client.getKubernetesSerialization().asJson(body);
        HttpRequest.Builder b = http.newHttpRequestBuilder().uri(url);
        HttpRequest request = switch (method) {
            case "POST" -> b.post("application/json", json).build();
            case "PUT" -> b.put("application/json", json).build();
            case "DELETE" -> b.delete("application/json", json).build();
            default -> throw new IllegalArgumentException("unsupported method " + method);
        };
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException(method + " " + url + " failed", e);
        }
        if (response.isSuccessful()) {
            return response.code();
        }
        for (int code : tolerated) {
            if (response.code() == code) {
                return code;
            }
        }
        throw new KubernetesClientException(method + " " + url + ": " + response.code() + " " + response.body(),
                response.code(), null);
    }
}
