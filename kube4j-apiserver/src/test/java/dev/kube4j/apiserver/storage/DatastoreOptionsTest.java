package dev.kube4j.apiserver.storage;

import dev.kube4j.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatastoreOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnEndpointTheStoreIsEmbedded() {
        assertThat(DatastoreOptions.fromFlags(null, null, null, null)).isInstanceOf(DatastoreOptions.Embedded.class);
        assertThat(DatastoreOptions.fromFlags(" ", null, null, null).describe()).isEqualTo("embedded");
    }

    @Test
    void endpointsAndTlsFilesAsK3sTakesThem() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        DatastoreOptions d = DatastoreOptions.fromFlags("https://10.0.0.1:2379, https://10.0.0.2:2379", ca, null, null);
        assertThat(d).isInstanceOfSatisfying(DatastoreOptions.Etcd.class, e -> {
            assertThat(e.etcd().endpoints()).containsExactly(URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379"));
            assertThat(e.etcd().caFile()).isEqualTo(ca);
            assertThat(e.etcd().tls()).isTrue();
        });
        assertThat(d.describe()).isEqualTo("https://10.0.0.1:2379,https://10.0.0.2:2379");
    }

    @Test
    void mistakesAreReportedBeforeConnecting() {
        assertThatThrownBy(() -> DatastoreOptions.fromFlags(null, dir.resolve("ca.pem"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need --datastore-endpoint");
        assertThatThrownBy(() -> DatastoreOptions.fromFlags("127.0.0.1:2379", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid --datastore-endpoint \"127.0.0.1:2379\"");
        assertThatThrownBy(() -> DatastoreOptions.fromFlags("tcp://127.0.0.1:2379", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be http:// or https://");
        assertThatThrownBy(() -> DatastoreOptions.fromFlags("https://127.0.0.1:2379", dir.resolve("missing.pem"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--datastore-cafile").hasMessageContaining("missing.pem");
    }

    @Test
    void anUnreachableEtcdFailsWithinTheStartupTimeoutNamingTheEndpoint() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        DatastoreOptions.Etcd etcd = ((DatastoreOptions.Etcd) DatastoreOptions.fromFlags("http://127.0.0.1:" + port, null, null, null));
        DatastoreOptions.Etcd quick = new DatastoreOptions.Etcd(etcd.etcd().withRequestTimeout(Duration.ofMillis(500)), Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach etcd at http://127.0.0.1:" + port + " (--datastore-endpoint) after ")
                .hasMessageContaining("Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
