package dev.kube4j.store.etcd;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real {@code /usr/bin/etcd} members on loopback for tests: a single member or an N-member cluster,
 * each with free client, peer and metrics ports and a data directory under one temp directory.
 *
 * <p>Every member is a child {@link Process} of the test JVM, stopped through that handle (never by
 * name) by {@link Member#stop()}, {@link Member#kill()} or {@link #close()}, which also deletes the
 * temp directory. A shutdown hook does the same if a test forgets to close.
 *
 * <pre>{@code
 * try (EtcdProcess etcd = EtcdProcess.start(3);
 *      EtcdStore store = EtcdStore.connect(etcd.options())) {
 *     etcd.member(0).stop();
 *     ...
 * }
 * }</pre>
 */
public final class EtcdProcess implements AutoCloseable {

    /** The etcd binary: Debian's, or the {@code kube4j.etcd.binary} system property. */
    public static final Path ETCD = Path.of(System.getProperty("kube4j.etcd.binary", "/usr/bin/etcd"));
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Path root;
    private final List<Member> members = new ArrayList<>();
    private final Tls tls;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Server TLS for the client URLs; clients must then present a certificate signed by {@code caFile}. */
    public record Tls(Path caFile, Path certFile, Path keyFile) {
    }

    /** Skips the calling test (a JUnit assumption) when etcd is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(ETCD),
                ETCD + " is missing: run scripts/install-deps.sh (Debian package etcd-server) to run the etcd tests");
    }

    /** One member, plain HTTP. */
    public static EtcdProcess start() {
        return start(1);
    }

    /** {@code size} members forming one cluster, plain HTTP; returns once every member is healthy. */
    public static EtcdProcess start(int size) {
        return start(size, null);
    }

    /** As {@link #start(int)}, serving clients over TLS with client-certificate authentication when {@code tls} is set. */
    public static EtcdProcess start(int size, Tls tls) {
        assumeInstalled();
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            EtcdProcess etcd = new EtcdProcess(size, tls);
            try {
                etcd.members.forEach(Member::launch);
                etcd.awaitHealthy();
                return etcd;
            } catch (IllegalStateException e) { // a port taken meanwhile, most likely: try fresh ports
                failure = e;
                etcd.close();
            }
        }
        throw failure;
    }

    private EtcdProcess(int size, Tls tls) {
        this.tls = tls;
        try {
            this.root = Files.createTempDirectory("kube4j-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < size; i++) {
            members.add(new Member(i, freePort(), freePort(), freePort()));
        }
        this.shutdownHook = new Thread(this::stopAll, "etcd-process-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public Member member(int index) {
        return members.get(index);
    }

    /** Client URLs of all members, as k3s's {@code --datastore-endpoint} takes them. */
    public String endpoints() {
        return members.stream().map(m -> m.clientUrl().toString()).collect(Collectors.joining(","));
    }

    /** Options for {@link EtcdStore#connect}: every member's client URL (no TLS files). */
    public EtcdOptions options() {
        return EtcdOptions.parse(endpoints());
    }

    /** The directory holding every member's data and log. */
    public Path root() {
        return root;
    }

    /** The running member that is the Raft leader now, waiting up to 10 s for an election. */
    public Member leader() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Member m : members) {
                if (m.isRunning() && m.isLeader()) {
                    return m;
                }
            }
            sleep(50);
        }
        throw new IllegalStateException("no leader among " + members);
    }

    /** Waits until every running member reports healthy (it has a leader and serves a quorum read). */
    public void awaitHealthy() {
        for (Member m : members) {
            if (m.isRunning()) {
                m.awaitHealthy();
            }
        }
    }

    /** Stops every member and deletes the data. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) { // already shutting down
        }
        deleteRecursively(root);
    }

    private void stopAll() {
        members.forEach(Member::stopQuietly);
    }

    private String initialCluster() {
        return members.stream().map(m -> m.name + "=" + m.peerUrl).collect(Collectors.joining(","));
    }

    /** One etcd member: its ports and data directory stay the same across stop and start. */
    public final class Member {
        private final String name;
        private final URI clientUrl;
        private final URI peerUrl;
        private final URI metricsUrl;
        private final Path dataDir;
        private final Path log;
        private Process process;

        private Member(int index, int clientPort, int peerPort, int metricsPort) {
            this.name = "m" + index;
            this.clientUrl = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort);
            this.peerUrl = URI.create("http://127.0.0.1:" + peerPort);
            this.metricsUrl = URI.create("http://127.0.0.1:" + metricsPort);
            this.dataDir = root.resolve(name);
            this.log = root.resolve(name + ".log");
        }

        public String name() {
            return name;
        }

        public URI clientUrl() {
            return clientUrl;
        }

        public URI peerUrl() {
            return peerUrl;
        }

        public Path dataDir() {
            return dataDir;
        }

        public synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** The process id (for diagnostics), or -1 when stopped. */
        public synchronized long pid() {
            return isRunning() ? process.pid() : -1;
        }

        /** Starts the member again on its data directory and waits until it is healthy. */
        public void start() {
            launch();
            awaitHealthy();
        }

        /** Graceful stop (SIGTERM), then SIGKILL after 10 s. */
        public void stop() {
            stop(false);
        }

        /** Crash (SIGKILL). */
        public void kill() {
            stop(true);
        }

        private synchronized void launch() {
            if (isRunning()) {
                throw new IllegalStateException(name + " is already running");
            }
            List<String> cmd = new ArrayList<>(List.of(
                    ETCD.toString(),
                    "--name", name,
                    "--data-dir", dataDir.toString(),
                    "--listen-client-urls", clientUrl.toString(),
                    "--advertise-client-urls", clientUrl.toString(),
                    "--listen-peer-urls", peerUrl.toString(),
                    "--initial-advertise-peer-urls", peerUrl.toString(),
                    "--listen-metrics-urls", metricsUrl.toString(),
                    "--initial-cluster", initialCluster(),
                    "--initial-cluster-state", "new",
                    "--initial-cluster-token", root.getFileName().toString(),
                    "--heartbeat-interval", "50",
                    "--election-timeout", "500",
                    "--logger", "zap",
                    "--log-outputs", "stderr",
                    "--log-level", "warn"));
            if (tls != null) {
                cmd.addAll(List.of(
                        "--cert-file", tls.certFile().toString(),
                        "--key-file", tls.keyFile().toString(),
                        "--trusted-ca-file", tls.caFile().toString(),
                        "--client-cert-auth"));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + ETCD, e);
            }
        }

        private void stop(boolean kill) {
            Process p;
            synchronized (this) {
                p = process;
                process = null;
            }
            if (p == null || !p.isAlive()) {
                return;
            }
            if (kill) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private void stopQuietly() {
            try {
                stop(true);
            } catch (RuntimeException ignored) {
                // best effort during cleanup
            }
        }

        /** Waits until {@code /health} on the metrics URL says true; fails with the member's log tail. */
        public void awaitHealthy() {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            HttpRequest request = HttpRequest.newBuilder(metricsUrl.resolve("/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (System.nanoTime() < deadline) {
                Process p;
                synchronized (this) {
                    p = process;
                }
                if (p == null || !p.isAlive()) {
                    throw new IllegalStateException(name + " exited (" + (p == null ? "stopped" : p.exitValue())
                            + "):\n" + logTail());
                }
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
                        return;
                    }
                } catch (IOException ignored) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
                sleep(50);
            }
            throw new IllegalStateException(name + " not healthy after " + READY_TIMEOUT + ":\n" + logTail());
        }

        /** Whether this member is the Raft leader, from its {@code etcd_server_is_leader} metric. */
        public boolean isLeader() {
            HttpRequest request = HttpRequest.newBuilder(metricsUrl.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(2)).build();
            try {
                String metrics = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                return metrics.lines().anyMatch(l -> l.equals("etcd_server_is_leader 1"));
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The last lines etcd logged. */
        public String logTail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public String toString() {
            return name + "@" + clientUrl;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
