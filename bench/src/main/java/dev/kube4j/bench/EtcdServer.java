package dev.kube4j.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real etcd member (Debian's {@code /usr/bin/etcd}, package etcd-server) on loopback with
 * etcd's default tuning, data in {@code dir}; stopped through its process handle, never by name.
 */
final class EtcdServer implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("kube4j.etcd.binary", "/usr/bin/etcd"));

    private final Process process;
    private final URI clientUrl;
    private final Path log;

    private EtcdServer(Process process, URI clientUrl, Path log) {
        this.process = process;
        this.clientUrl = clientUrl;
        this.log = log;
    }

    static EtcdServer start(Path dir) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run scripts/install-deps.sh (Debian package etcd-server)");
        }
        URI client = URI.create("http://127.0.0.1:" + ApiServerBenchmark.freePort());
        URI peer = URI.create("http://127.0.0.1:" + ApiServerBenchmark.freePort());
        Path log = dir.resolve("etcd.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(BINARY.toString(),
                "--name", "bench", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client.toString(), "--advertise-client-urls", client.toString(),
                "--listen-peer-urls", peer.toString(), "--initial-advertise-peer-urls", peer.toString(),
                "--initial-cluster", "bench=" + peer, "--log-level", "warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        EtcdServer etcd = new EtcdServer(pb.start(), client, log);
        try {
            etcd.awaitHealthy();
        } catch (Exception e) {
            etcd.close();
            throw e;
        }
        return etcd;
    }

    URI clientUrl() {
        return clientUrl;
    }

    long pid() {
        return process.pid();
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(clientUrl.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("etcd not healthy in 30 s: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
