package dev.kube4j.cli;

import dev.kube4j.apiserver.ApiServer;
import dev.kube4j.apiserver.ApiServerOptions;
import dev.kube4j.apiserver.services.NodePortRange;
import dev.kube4j.apiserver.services.ServiceCidr;
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

    @Option(names = "--service-cidr", defaultValue = ApiServerOptions.DEFAULT_SERVICE_CIDR, paramLabel = "CIDR",
            description = "Range of service cluster IPs; its first address is the kubernetes service's (default: ${DEFAULT-VALUE}).")
    String serviceCidr;

    @Option(names = "--service-node-port-range", defaultValue = ApiServerOptions.DEFAULT_NODE_PORT_RANGE, paramLabel = "LOW-HIGH",
            description = "Range of ports NodePort and LoadBalancer services get (default: ${DEFAULT-VALUE}).")
    String nodePortRange;

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
        ApiServerOptions options = new ApiServerOptions(dataDir.toAbsolutePath().normalize(), bindAddress, port, tlsSans,
                Duration.ofMinutes(5), 100_000, serviceCidr, nodePortRange);
        try {
            ServiceCidr.parse(serviceCidr);
            NodePortRange.parse(nodePortRange);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        ApiServer server = ApiServer.start(options);
        System.out.println("kube4j is ready at " + server.url());
        System.out.println("  export KUBECONFIG=" + server.kubeconfig());
        System.out.flush();
        ShutdownOrder shutdown = new ShutdownOrder(server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.run();
            stopped.countDown();
        }, "shutdown"));
        if (!disableControllers) {
            // Started after "ready" so clients need not wait for it (the HTTP client costs seconds to start
            // on a small machine); it connects with the admin kubeconfig like any other client.
            shutdown.controllersStarted(ControllerManager.start(server.kubeconfig()));
        }
        stopped.await();
        return 0;
    }

    /** Stops the controllers before the server they talk to, even if shutdown races their start. */
    static final class ShutdownOrder implements Runnable {
        private final ApiServer server;
        private ControllerManager controllers;
        private boolean stopping;

        ShutdownOrder(ApiServer server) {
            this.server = server;
        }

        synchronized void controllersStarted(ControllerManager manager) {
            if (stopping) {
                manager.close();
            } else {
                controllers = manager;
            }
        }

        @Override
        public synchronized void run() {
            stopping = true;
            if (controllers != null) {
                controllers.close();
            }
            server.close();
        }
    }
}
