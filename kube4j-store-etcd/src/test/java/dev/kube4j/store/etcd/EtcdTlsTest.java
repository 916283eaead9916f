package dev.kube4j.store.etcd;

import dev.kube4j.pki.CertificateIssuer;
import dev.kube4j.pki.KeyAndCert;
import dev.kube4j.pki.Pem;
import dev.kube4j.store.RecordingListener;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcd serving clients over TLS with client-certificate auth, as k3s's --datastore-cafile/certfile/keyfile. */
class EtcdTlsTest {

    @TempDir
    Path dir;

    @Test
    void connectsWithTheDatastoreCaCertificateAndKeyFiles() throws Exception {
        EtcdProcess.assumeInstalled();
        KeyAndCert ca = CertificateIssuer.selfSignedCa("etcd-ca", Duration.ofDays(1));
        KeyAndCert server = CertificateIssuer.issue(ca, "etcd", List.of(), true, false,
                List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        // Server and client usages: CertificateIssuer gives such certificates EC keys (plain client ones get RSA).
        KeyAndCert client = CertificateIssuer.issue(ca, "kube4j", List.of(), true, true,
                List.of(), List.of(), Duration.ofDays(1));
        Path caFile = write("ca.crt", Pem.encode(ca.certificate()));
        Path serverCert = write("server.crt", Pem.encode(server.certificate()));
        Path serverKey = write("server.key", Pem.encode(server.key()));
        Path clientCert = write("client.crt", Pem.encode(client.certificate()));
        // SEC1 ("EC PRIVATE KEY"), as Go tools (k3s, etcd's own) write client keys
        Path clientKey = write("client.key", sec1Pem(client));
        assertThat(Files.readString(clientKey)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        try (EtcdProcess etcd = EtcdProcess.start(1, new EtcdProcess.Tls(caFile, serverCert, serverKey))) {
            assertThat(etcd.endpoints()).startsWith("https://127.0.0.1:");
            EtcdOptions options = EtcdOptions.parse(etcd.endpoints()).withTls(caFile, clientCert, clientKey);
            try (EtcdStore store = EtcdStore.connect(options)) {
                RecordingListener listener = new RecordingListener();
                try (Watch ignored = store.watch("/tls/", 0, listener)) {
                    long rev = store.create("/tls/a", "1".getBytes(StandardCharsets.UTF_8)).modRevision();
                    assertThat(store.get("/tls/a").orElseThrow().modRevision()).isEqualTo(rev);
                    assertThat(listener.awaitEvents(1)).singleElement()
                            .satisfies(e -> assertThat(e.revision()).isEqualTo(rev));
                }
            }

            // etcd requires a client certificate: without one nothing gets through
            assertThatThrownBy(() -> EtcdStore.connect(EtcdOptions.parse(etcd.endpoints())
                    .withTls(caFile, null, null).withRequestTimeout(Duration.ofSeconds(1))))
                    .isInstanceOf(StoreException.class);
        }
    }

    private Path write(String name, String pem) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    /** The key as Go's x509.MarshalECPrivateKey writes it: SEC1 with the curve and the public point. */
    private static String sec1Pem(KeyAndCert keyAndCert) throws IOException {
        BigInteger d = ((ECPrivateKey) keyAndCert.key()).getS();
        byte[] point = SubjectPublicKeyInfo.getInstance(keyAndCert.certificate().getPublicKey().getEncoded())
                .getPublicKeyData().getBytes();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
                new DERBitString(point), new X962Parameters(SECObjectIdentifiers.secp256r1));
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return out.toString();
    }
}
