package dev.kube4j.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/** A kubeconfig read back: the server URL and an SSLContext presenting its first user's client certificate. */
public record KubeconfigTls(String server, SSLContext sslContext) {

    public static KubeconfigTls load(Path kubeconfig) throws Exception {
        JsonNode cfg = new YAMLMapper().readTree(Files.readString(kubeconfig));
        JsonNode cluster = cfg.path("clusters").get(0).path("cluster");
        JsonNode user = cfg.path("users").get(0).path("user");
        var ca = Pem.certificate(decode(cluster.path("certificate-authority-data").asText()));
        var cert = Pem.certificate(decode(user.path("client-certificate-data").asText()));
        var key = Pem.privateKey(decode(user.path("client-key-data").asText()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, new char[0], new Certificate[]{cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new KubeconfigTls(cluster.path("server").asText(), ctx);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
    }
}
