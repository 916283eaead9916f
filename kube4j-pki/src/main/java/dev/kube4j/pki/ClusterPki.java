package dev.kube4j.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster's certificates, kept as PEM files in one directory: a CA made on first start, the
 * API server's serving certificate and the admin client certificate ({@code O=system:masters}).
 * Later starts reuse them; the serving certificate is reissued when it lacks a requested name or
 * is about to expire.
 */
public final class ClusterPki {

    public static final String ADMIN_USER = "kubernetes-admin";
    public static final String MASTERS_GROUP = "system:masters";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    private final Path dir;
    private final KeyAndCert ca;
    private final KeyAndCert serving;
    private final KeyAndCert admin;

    private ClusterPki(Path dir, KeyAndCert ca, KeyAndCert serving, KeyAndCert admin) {
        this.dir = dir;
        this.ca = ca;
        this.serving = serving;
        this.admin = admin;
    }

    /**
     * Loads the PKI from {@code dir}, creating what is missing.
     *
     * @param extraNames host names and IP addresses the serving certificate must also cover
     */
    public static ClusterPki loadOrCreate(Path dir, Collection<String> extraNames) throws IOException {
        Files.createDirectories(dir);
        KeyAndCert ca = load(dir, "ca");
        if (ca == null) {
            ca = CertificateIssuer.selfSignedCa("kube4j-ca@" + Instant.now().getEpochSecond(), CA_VALIDITY);
            save(dir, "ca", ca);
        }
        Set<String> dns = new LinkedHashSet<>(List.of("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        String host = hostName();
        if (host != null) {
            dns.add(host);
        }
        for (String n : extraNames) {
            if (n == null || n.isBlank() || n.equals("0.0.0.0") || n.equals("::")) {
                continue;
            }
            (looksLikeIp(n) ? ips : dns).add(n);
        }
        KeyAndCert serving = load(dir, "apiserver");
        if (serving == null || !covers(serving.certificate(), dns, ips) || expiresSoon(serving.certificate())
                || !signedBy(serving.certificate(), ca.certificate())) {
            serving = CertificateIssuer.issue(ca, "kube-apiserver", List.of(), true, false,
                    List.copyOf(dns), List.copyOf(ips), LEAF_VALIDITY);
            save(dir, "apiserver", serving);
        }
        KeyAndCert admin = load(dir, "admin");
        if (admin == null || expiresSoon(admin.certificate()) || !signedBy(admin.certificate(), ca.certificate())) {
            admin = CertificateIssuer.issue(ca, ADMIN_USER, List.of(MASTERS_GROUP), false, true,
                    List.of(), List.of(), LEAF_VALIDITY);
            save(dir, "admin", admin);
        }
        return new ClusterPki(dir, ca, serving, admin);
    }

    public KeyAndCert ca() {
        return ca;
    }

    public KeyAndCert serving() {
        return serving;
    }

    public KeyAndCert admin() {
        return admin;
    }

    public Path dir() {
        return dir;
    }

    /** Issues a client certificate for another identity (tests, components, nodes). */
    public KeyAndCert issueClient(String user, List<String> groups) {
        return CertificateIssuer.issue(ca, user, groups, false, true, List.of(), List.of(), LEAF_VALIDITY);
    }

    /** A key store holding the serving key and its chain, for the HTTPS listener. */
    public KeyStore servingKeyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("apiserver", serving.key(), password,
                    new Certificate[]{serving.certificate(), ca.certificate()});
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the serving key store", e);
        }
    }

    /** A trust store holding only the cluster CA: client certificates must chain to it. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("cluster-ca", ca.certificate());
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    private static KeyAndCert load(Path dir, String name) throws IOException {
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        if (!Files.exists(crt) || !Files.exists(key)) {
            return null;
        }
        return new KeyAndCert(Pem.privateKey(Files.readString(key, StandardCharsets.US_ASCII)),
                Pem.certificate(Files.readString(crt, StandardCharsets.US_ASCII)));
    }

    private static void save(Path dir, String name, KeyAndCert kc) throws IOException {
        // Key first: a certificate without its key would be unusable after a crash in between.
        Pem.write(dir.resolve(name + ".key"), Pem.encode(kc.key()), true);
        Pem.write(dir.resolve(name + ".crt"), Pem.encode(kc.certificate()), false);
    }

    private static boolean expiresSoon(X509Certificate cert) {
        return cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)));
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean covers(X509Certificate cert, Set<String> dns, Set<String> ips) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    names.add(normalize(String.valueOf(san.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        List<String> wanted = new ArrayList<>(dns);
        ips.forEach(ip -> wanted.add(normalize(ip)));
        return names.containsAll(wanted);
    }

    private static String normalize(String ipOrName) {
        if (looksLikeIp(ipOrName)) {
            try {
                return InetAddress.getByName(ipOrName).getHostAddress();
            } catch (IOException e) {
                return ipOrName;
            }
        }
        return ipOrName;
    }

    static boolean looksLikeIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h == null || h.isBlank() ? null : h;
        } catch (IOException e) {
            return null;
        }
    }
}
