package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.nio.charset.StandardCharsets;
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
     * GETs {@code path} (e.g. "apis/apps/v1/namespaces/web/deployments") and returns the JSON body;
     * a 404 is null, any other failure throws with the server's Status message.
     */
    public static String get(KubernetesClient client, String path) throws InterruptedException {
        String base = client.getConfiguration().getMasterUrl();
        String url = (base.endsWith("/") ? base : base + "/") + path;
        HttpClient http = client.getHttpClient();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(http.newHttpRequestBuilder().uri(url).header("Accept", "application/json").build(),
                    String.class).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("GET " + url + " failed", e);
        }
        if (response.code() == 404) {
            return null;
        }
        if (!response.isSuccessful()) {
            throw new KubernetesClientException("GET " + url + ": " + response.code() + " " + response.body(), response.code(), null);
        }
        return response.body();
    }

    /**
     * Sends {@code body} as JSON with {@code method} ("POST", "PUT" or "DELETE" with DeleteOptions) to {@code path} (e.g.
     * "api/v1/namespaces/default/pods/web/binding") and returns the status code; a failure other
     * than {@code tolerated} codes throws with the server's Status message.
     */
    public static int send(KubernetesClient client, String method, String path, Object body, int... tolerated)
            throws InterruptedException {
        return send(client, method, path, "application/json", client.getKubernetesSerialization().asJson(body), tolerated);
    }

    /**
     * Sends a JSON text {@code json} of {@code contentType} (a patch type for "PATCH") with
     * {@code method} to {@code path}, as {@link #send(KubernetesClient, String, String, Object, int...)}:
     * for callers that build the body themselves and need no decoded answer.
     */
    public static int send(KubernetesClient client, String method, String path, String contentType, String json,
                           int... tolerated) throws InterruptedException {
        return exchange(client, method, path, contentType, json, tolerated).code();
    }

    /** An answer: its status code and its body as sent. */
    public record Answer(int code, byte[] body) {
        public boolean successful() {
            return code >= 200 && code < 300;
        }
    }

    /**
     * As {@link #send(KubernetesClient, String, String, String, String, int...)}, and also returns the
     * body, undecoded: for callers that read a member or two of it with a byte scan.
     */
    public static Answer exchange(KubernetesClient client, String method, String path, String contentType, String json,
                                  int... tolerated) throws InterruptedException {
        String base = client.getConfiguration().getMasterUrl();
        String url = (base.endsWith("/") ? base : base + "/") + path;
        HttpClient http = client.getHttpClient();
        HttpRequest.Builder b = http.newHttpRequestBuilder().uri(url);
        HttpRequest request = switch (method) {
            case "POST" -> b.post(contentType, json).build();
            case "PUT" -> b.put(contentType, json).build();
            case "PATCH" -> b.patch(contentType, json).build();
            case "DELETE" -> b.delete(contentType, json).build();
            default -> throw new IllegalArgumentException("unsupported method " + method);
        };
        HttpResponse<byte[]> response; // bytes: a success's body is left to the caller, never decoded here
        try {
            response = http.sendAsync(request, byte[].class).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException(method + " " + url + " failed", e);
        }
        if (response.isSuccessful()) {
            return new Answer(response.code(), response.body());
        }
        for (int code : tolerated) {
            if (response.code() == code) {
                return new Answer(code, response.body());
            }
        }
        throw failure(client, method + " " + url, response.code(), response.body());
    }

    /**
     * The exception for a failed request, carrying the server's Status when the body is one (as
     * fabric8's own calls do): callers read its message, reason and causes (a quota's refusal, a
     * terminating namespace).
     */
    static KubernetesClientException failure(KubernetesClient client, String request, int code, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            try {
                Status status = client.getKubernetesSerialization().unmarshal(text, Status.class);
                if (status != null && "Status".equals(status.getKind())) {
                    return new KubernetesClientException(request + ": " + code + " " + status.getMessage(), code, status);
                }
            } catch (RuntimeException notAStatus) {
                // fall through: the body as text
            }
        }
        return new KubernetesClientException(request + ": " + code + " " + text, code, null);
    }
}
