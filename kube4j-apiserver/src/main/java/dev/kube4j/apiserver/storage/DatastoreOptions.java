package dev.kube4j.apiserver.storage;

import dev.kube4j.store.Store;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.embedded.RocksStore;
import dev.kube4j.store.etcd.EtcdOptions;
import dev.kube4j.store.etcd.EtcdStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the API server keeps its objects: the embedded RocksDB store under the data directory
 * (the default) or an external etcd cluster, chosen as k3s does with {@code --datastore-endpoint}.
 * Everything above the {@link Store} SPI is the same for both.
 */
public sealed interface DatastoreOptions {

    /** Opens (or connects to) the store; {@code dataDir} is the server's data directory. */
    Store open(Path dataDir);

    /** For the start-up log line. */
    String describe();

    static DatastoreOptions embedded() {
        return new Embedded();
    }

    static DatastoreOptions etcd(EtcdOptions etcd) {
        return new Etcd(etcd, Etcd.DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * From k3s's flags: no endpoint means the embedded store; TLS files need an endpoint.
     *
     * @throws IllegalArgumentException for a malformed endpoint or TLS files without one
     */
    static DatastoreOptions fromFlags(String endpoint, Path caFile, Path certFile, Path keyFile) {
        if (endpoint == null || endpoint.isBlank()) {
            if (caFile != null || certFile != null || keyFile != null) {
                throw new IllegalArgumentException(
                        "--datastore-cafile, --datastore-certfile and --datastore-keyfile need --datastore-endpoint");
            }
            return embedded();
        }
        requireReadable("--datastore-cafile", caFile);
        requireReadable("--datastore-certfile", certFile);
        requireReadable("--datastore-keyfile", keyFile);
        EtcdOptions etcd;
        try {
            etcd = EtcdOptions.parse(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --datastore-endpoint \"" + endpoint
                    + "\": expected etcd client URLs such as http://127.0.0.1:2379 (" + e.getMessage() + ")", e);
        }
        return etcd(etcd.withTls(caFile, certFile, keyFile));
    }

    /** A missing file is a mistake to report at once, not a reason to retry connecting. */
    private static void requireReadable(String flag, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": no such readable file");
        }
    }

    /** RocksDB in {@code DIR/store}. */
    record Embedded() implements DatastoreOptions {
        @Override
        public Store open(Path dataDir) {
            return RocksStore.open(dataDir.resolve("store"));
        }

        @Override
        public String describe() {
            return "embedded";
        }
    }

    /**
     * An etcd v3 cluster. Start-up retries for {@code startupTimeout} (etcd may be starting beside
     * us, or electing a leader), then fails with a message naming the endpoints rather than hanging.
     */
    record Etcd(EtcdOptions etcd, Duration startupTimeout) implements DatastoreOptions {

        static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
        private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
        private static final Logger LOG = LoggerFactory.getLogger(DatastoreOptions.class);

        @Override
        public Store open(Path dataDir) {
            long start = System.nanoTime();
            long deadline = start + startupTimeout.toNanos();
            for (int attempt = 1; ; attempt++) {
                try {
                    // connect() ends with a linearizable read, bounded by the request timeout
                    return EtcdStore.connect(etcd);
                } catch (StoreException e) {
                    if (System.nanoTime() + RETRY_PAUSE.toNanos() >= deadline) {
                        throw new StoreException("cannot reach etcd at " + describe() + " (--datastore-endpoint) after "
                                + attempt + " attempt(s) in " + (System.nanoTime() - start) / 1_000_000_000 + " s; is it "
                                + "running and reachable? Last error: " + firstLine(e), e);
                    }
                    LOG.warn("etcd at {} not reachable yet ({}), retrying", describe(), firstLine(e));
                    sleep(RETRY_PAUSE);
                }
            }
        }

        @Override
        public String describe() {
            return String.join(",", etcd.endpoints().stream().map(Object::toString).toList());
        }

        private static String firstLine(Throwable e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String m = String.valueOf(cause.getMessage());
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }

        private static void sleep(Duration d) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while connecting to etcd", e);
            }
        }
    }
}
