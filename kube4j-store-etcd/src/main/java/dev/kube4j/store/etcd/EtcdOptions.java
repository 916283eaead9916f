package dev.kube4j.store.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How to reach an etcd v3 cluster, in the terms of k3s's {@code --datastore-endpoint},
 * {@code --datastore-cafile}, {@code --datastore-certfile} and {@code --datastore-keyfile}.
 *
 * @param endpoints      client URLs of the members ({@code http://} or {@code https://}); requests are
 *                       balanced over them and move to the others when one fails
 * @param caFile         PEM bundle trusted for the members' serving certificates (null: the JDK's trust store)
 * @param certFile       PEM client certificate (chain) for client-certificate authentication, or null
 * @param keyFile        its PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC), or null
 * @param requestTimeout deadline of every unary request (get, txn, compact); a watch has none
 */
public record EtcdOptions(List<URI> endpoints, Path caFile, Path certFile, Path keyFile, Duration requestTimeout) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    public EtcdOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is required");
        }
        for (URI e : endpoints) {
            if (!"http".equals(e.getScheme()) && !"https".equals(e.getScheme())) {
                throw new IllegalArgumentException("etcd endpoint must be http:// or https://, got " + e);
            }
            if (e.getHost() == null || e.getPort() < 0) {
                throw new IllegalArgumentException("etcd endpoint needs a host and a port, got " + e);
            }
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and vice versa");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
    }

    /**
     * Options from a k3s-style datastore endpoint: comma-separated client URLs, e.g.
     * {@code https://10.0.0.1:2379,https://10.0.0.2:2379}.
     */
    public static EtcdOptions parse(String datastoreEndpoint) {
        List<URI> uris = Arrays.stream(datastoreEndpoint.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(URI::create)
                .toList();
        return new EtcdOptions(uris, null, null, null, DEFAULT_REQUEST_TIMEOUT);
    }

    /** The same endpoints with TLS files ({@code caFile} may be null; cert and key both or neither). */
    public EtcdOptions withTls(Path caFile, Path certFile, Path keyFile) {
        return new EtcdOptions(endpoints, caFile, certFile, keyFile, requestTimeout);
    }

    public EtcdOptions withRequestTimeout(Duration timeout) {
        return new EtcdOptions(endpoints, caFile, certFile, keyFile, timeout);
    }

    /** TLS is used when an endpoint is https or any TLS file is given; all endpoints then speak TLS. */
    public boolean tls() {
        return caFile != null || certFile != null
                || endpoints.stream().anyMatch(e -> "https".equals(e.getScheme()));
    }
}
