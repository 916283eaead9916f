package dev.kube4j.e2e;

import dev.kube4j.apiserver.ApiServer;
import dev.kube4j.apiserver.ApiServerOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An API server started in this JVM on a free loopback port, with its own data directory. */
public final class TestCluster implements AutoCloseable {

    private final Path dataDir;
    private ApiServer server;

    private TestCluster(Path dataDir) throws Exception {
        this.dataDir = dataDir;
        this.server = ApiServer.start(ApiServerOptions.defaults(dataDir).withPort(0));
    }

    public static TestCluster start() throws Exception {
        return new TestCluster(Files.createTempDirectory("kube4j-e2e"));
    }

    /** Stops and starts the server on the same data and port, as an operator restarting it would. */
    public void restart() throws Exception {
        int port = server.port();
        server.close();
        server = ApiServer.start(ApiServerOptions.defaults(dataDir).withPort(port));
    }

    public ApiServer server() {
        return server;
    }

    public Path kubeconfig() {
        return server.kubeconfig();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Kubectl kubectl() {
        return new Kubectl(Kubectl.DEFAULT, kubeconfig());
    }

    public Kubectl kubectl(Path binary) {
        return new Kubectl(binary, kubeconfig());
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
