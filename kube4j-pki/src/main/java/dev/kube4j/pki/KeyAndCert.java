package dev.kube4j.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A private key with the certificate for its public key. */
public record KeyAndCert(PrivateKey key, X509Certificate certificate) {
}
