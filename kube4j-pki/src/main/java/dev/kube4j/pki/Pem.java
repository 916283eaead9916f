package dev.kube4j.pki;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** PEM encoding of certificates and keys, the format kubeconfig and every Kubernetes tool use. */
public final class Pem {

    private Pem() {
    }

    /** PEM of a certificate, or of a private key in PKCS#8 (which every TLS stack reads, Go's included). */
    public static String encode(Object certOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            if (certOrKey instanceof PrivateKey key) {
                w.writeObject(new JcaPKCS8Generator(key, null).generate());
            } else {
                w.writeObject(certOrKey);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Reads a PEM certificate with the JDK alone (loading BouncyCastle costs start-up time). */
    public static X509Certificate certificate(String pem) throws IOException {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            return certificateWithBouncyCastle(pem);
        }
    }

    private static X509Certificate certificateWithBouncyCastle(String pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IOException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
    }

    /** Reads a PEM private key; PKCS#8 (what kube4j writes) with the JDK alone, other forms with BouncyCastle. */
    public static PrivateKey privateKey(String pem) throws IOException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start >= 0 && end > start) {
            byte[] der = java.util.Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
            for (String algorithm : new String[]{"EC", "RSA"}) {
                try {
                    return java.security.KeyFactory.getInstance(algorithm)
                            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
                } catch (java.security.GeneralSecurityException e) {
                    // not this algorithm: try the next one
                }
            }
        }
        return privateKeyWithBouncyCastle(pem);
    }

    private static PrivateKey privateKeyWithBouncyCastle(String pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new IOException("not a PEM private key");
        }
    }

    /** Writes atomically (temp file + rename) so a crash never leaves half a key. */
    public static void write(Path file, String content, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        if (secret) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
