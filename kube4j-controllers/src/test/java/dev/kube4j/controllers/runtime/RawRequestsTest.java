package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused raw request carries the server's Status, as fabric8's own calls' exceptions do. */
class RawRequestsTest {

    @Test
    void aRefusalCarriesTheServersStatus() {
        try (KubernetesClient client = ApiClients.connect(new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build())) {
            String body = """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
                    "message":"pods \\"web-1\\" is forbidden: exceeded quota: q","reason":"Forbidden",\
                    "details":{"name":"web-1","kind":"pods","causes":[{"reason":"NamespaceTerminating"}]},"code":403}""";
            KubernetesClientException e = RawRequests.failure(client, "POST x", 403, body.getBytes(StandardCharsets.UTF_8));
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage()).isEqualTo("pods \"web-1\" is forbidden: exceeded quota: q");
            assertThat(e.getStatus().getDetails().getCauses().getFirst().getReason()).isEqualTo("NamespaceTerminating");

            KubernetesClientException plain = RawRequests.failure(client, "POST x", 502, "bad gateway".getBytes(StandardCharsets.UTF_8));
            assertThat(plain.getCode()).isEqualTo(502);
            assertThat(plain.getStatus()).isNull();
            assertThat(plain.getMessage()).contains("bad gateway");
        }
    }
}
