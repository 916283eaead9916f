package dev.kube4j.cli;

import dev.kube4j.apiserver.ApiServer;
import dev.kube4j.apiserver.ApiServerOptions;
import dev.kube4j.controllers.ControllerManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code kube4j server}: a single-node cluster in one process. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Start a cluster: API server and durable store (plus nodes, with --node).",
                "Writes the admin kubeconfig to DIR/kubeconfig; GET /readyz answers ok when ready."})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "Directory for the store, certificates and kubeconfig (created if missing).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "6443", description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind-address", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--node", defaultValue = "none", converter = NodeMode.Converter.class, paramLabel = "MODE",
            description = "Nodes to run: none (control plane only, default), local, or hollow:N.")
    NodeMode node;

    @Option(names = "--tls-san", split = ",", paramLabel = "NAME",
            description = "Extra host names or IPs for the serving certificate.")
    List<String> tlsSans = List.of();

    @Option(names = "--disable-controllers",
            description = "Do not run the controllers (the namespace controller, …) in this process; "
                    + "run them with 'kube4j controller-manager' instead, or not at all.")
    boolean disableControllers;

    @Override
    public Integer call() throws Exception {
        if (node.kind() != NodeMode.Kind.NONE) {
            System.err.println("error: --node " + (node.kind() == NodeMode.Kind.LOCAL ? "local" : "hollow:" + node.count())
                    + " is not available yet: the node agent and hollow nodes come with a later release; use --node none");
            return 2;
        }
        ApiServerOptions options = new ApiServerOptions(dataDir.toAbsolutePath(), bindAddress, port, tlsSans,
                Duration.ofMinutes(5), 100_000);
        ApiServer server = ApiServer.start(options);
        // A client of the server like any other: it connects with the admin kubeconfig.
        ControllerManager controllers = disableControllers ? null : ControllerManager.start(server.kubeconfig());
        System.out.println("kube4j is ready at " + server.url());
        System.out.println("  export KUBECONFIG=" + server.kubeconfig());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (controllers != null) {
                controllers.close();
            }
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
