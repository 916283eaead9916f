package dev.kube4j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a kubeconfig with the CA and a client certificate embedded, as kubeadm's admin.conf. */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static String render(String serverUrl, KeyAndCert ca, KeyAndCert client, String clusterName,
                                String userName) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: %s
                  name: %s
                contexts:
                - context:
                    cluster: %s
                    user: %s
                  name: %s
                current-context: %s
                preferences: {}
                users:
                - name: %s
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(b64(Pem.encode(ca.certificate())), serverUrl, clusterName,
                clusterName, userName, clusterName, clusterName, userName,
                b64(Pem.encode(client.certificate())), b64(Pem.encode(client.key())));
    }

    public static void write(Path file, String serverUrl, ClusterPki pki) throws IOException {
        Pem.write(file, render(serverUrl, pki.ca(), pki.admin(), "kube4j", "admin"), true);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
