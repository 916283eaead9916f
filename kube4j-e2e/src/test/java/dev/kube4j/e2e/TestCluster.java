package dev.kube4j.e2e;

import dev.kube4j.apiserver.ApiServer;
import dev.kube4j.apiserver.ApiServerOptions;
import dev.kube4j.controllers.ControllerManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** An API server started in this JVM on a free loopback port, with its own data directory. */
public final class TestCluster implements AutoCloseable {

    private final Path dataDir;
    private final UnaryOperator<ApiServerOptions> customize;
    private ApiServer server;
    private ControllerManager controllers;

    private TestCluster(Path dataDir, UnaryOperator<ApiServerOptions> customize) throws Exception {
        this.dataDir = dataDir;
        this.customize = customize;
        this.server = ApiServer.start(customize.apply(ApiServerOptions.defaults(dataDir)).withPort(0));
    }

    public static TestCluster start() throws Exception {
        return start(UnaryOperator.identity());
    }

    /** With options changed from the defaults (e.g. {@code o -> o.withServiceCidr("10.43.0.0/29")}). */
    public static TestCluster start(UnaryOperator<ApiServerOptions> customize) throws Exception {
        return new TestCluster(Files.createTempDirectory("kube4j-e2e"), customize);
    }

    /** As {@code kube4j server} runs by default: the API server plus the controller manager on its admin kubeconfig. */
    public static TestCluster startWithControllers() throws Exception {
        TestCluster cluster = start();
        cluster.controllers = ControllerManager.start(cluster.kubeconfig());
        return cluster;
    }

    /** Stops and starts the server on the same data and port, as an operator restarting it would. */
    public void restart() throws Exception {
        int port = server.port();
        server.close();
        server = ApiServer.start(customize.apply(ApiServerOptions.defaults(dataDir)).withPort(port));
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
        if (controllers != null) {
            controllers.close();
        }
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
