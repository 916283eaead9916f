package dev.kube4j.cli;

import dev.kube4j.apiserver.ApiServer;
import dev.kube4j.apiserver.ApiServerOptions;
import dev.kube4j.apiserver.admission.AdmissionOptions;
import dev.kube4j.apiserver.services.NodePortRange;
import dev.kube4j.apiserver.services.ServiceCidr;
import dev.kube4j.apiserver.storage.DatastoreOptions;
import dev.kube4j.controllers.ControllerManager;
import dev.kube4j.node.hollow.HollowNodePool;
import dev.kube4j.scheduler.Scheduler;
import dev.kube4j.scheduler.SchedulerOptions;
import dev.kube4j.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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

    @Option(names = "--default-not-ready-toleration-seconds", defaultValue = "300", paramLabel = "SECONDS",
            description = "tolerationSeconds of the not-ready:NoExecute toleration added to every pod that has none "
                    + "(default: ${DEFAULT-VALUE}).")
    long defaultNotReadyTolerationSeconds;

    @Option(names = "--default-unreachable-toleration-seconds", defaultValue = "300", paramLabel = "SECONDS",
            description = "tolerationSeconds of the unreachable:NoExecute toleration added to every pod that has none "
                    + "(default: ${DEFAULT-VALUE}).")
    long defaultUnreachableTolerationSeconds;

    @Option(names = "--disable-admission-plugins", split = ",", paramLabel = "PLUGIN",
            description = "Admission plugins to turn off (of NamespaceLifecycle, LimitRanger, ServiceAccount, Priority, "
                    + "DefaultTolerationSeconds, DefaultStorageClass, ResourceQuota).")
    java.util.List<String> disabledAdmissionPlugins = new java.util.ArrayList<>();

    @Option(names = "--event-ttl", defaultValue = "1h", converter = ControllerFlags.GoDurationConverter.class,
            paramLabel = "DURATION", description = "How long Events are kept after their last write (default: ${DEFAULT-VALUE}).")
    java.time.Duration eventTtl;

    @Option(names = "--disable-scheduler",
            description = "Do not run the scheduler in this process; run it with 'kube4j scheduler' instead, or not at all.")
    boolean disableScheduler;

    @picocli.CommandLine.Mixin
    ControllerFlags controllerFlags = new ControllerFlags();

    @picocli.CommandLine.Mixin
    LeaderElectionFlags leaderElection = new LeaderElectionFlags();

    @picocli.CommandLine.Mixin
    HollowNodeCapacity hollowCapacity = new HollowNodeCapacity();

    @Option(names = "--datastore-endpoint", paramLabel = "URL[,URL...]",
            description = "etcd client URLs (http:// or https://, comma-separated) to store everything in an etcd "
                    + "cluster instead of the embedded store under --data-dir (as k3s).")
    String datastoreEndpoint;

    @Option(names = "--datastore-cafile", paramLabel = "FILE",
            description = "PEM CA bundle to verify the etcd members' certificates (https:// endpoints).")
    Path datastoreCaFile;

    @Option(names = "--datastore-certfile", paramLabel = "FILE",
            description = "PEM client certificate for etcd (with --datastore-keyfile).")
    Path datastoreCertFile;

    @Option(names = "--datastore-keyfile", paramLabel = "FILE",
            description = "PEM private key of --datastore-certfile.")
    Path datastoreKeyFile;

    @Override
    public Integer call() throws Exception {
        if (node.kind() == NodeMode.Kind.LOCAL) {
            System.err.println("error: --node local is not available yet: the node agent that runs real containers comes "
                    + "with a later release; use --node none or --node hollow:N");
            return 2;
        }
        DatastoreOptions datastore;
        AdmissionOptions admission;
        try {
            admission = new AdmissionOptions(defaultNotReadyTolerationSeconds, defaultUnreachableTolerationSeconds,
                    java.util.Set.copyOf(disabledAdmissionPlugins));
            datastore = DatastoreOptions.fromFlags(datastoreEndpoint, datastoreCaFile, datastoreCertFile, datastoreKeyFile);
            ServiceCidr.parse(serviceCidr);
            NodePortRange.parse(nodePortRange);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        ApiServerOptions options = ApiServerOptions.defaults(dataDir.toAbsolutePath().normalize())
                .withBindAddress(bindAddress).withPort(port).withExtraSans(tlsSans).withDatastore(datastore)
                .withAdmission(admission)
                .withServiceCidr(serviceCidr).withNodePortRange(nodePortRange).withEventTtl(eventTtl);
        ApiServer server;
        try {
            server = ApiServer.start(options);
        } catch (StoreException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
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
            shutdown.started(ClientComponent.start(server.kubeconfig(), "kube-controller-manager", c -> leaderElection.run(c, "kube-controller-manager",
                    () -> ControllerManager.startOn(c, ControllerManager.defaultControllers(controllerFlags.options())))));
        }
        if (!disableScheduler) {
            shutdown.started(ClientComponent.start(server.kubeconfig(), "kube-scheduler", c -> leaderElection.run(c, "kube-scheduler",
                    () -> Scheduler.start(c, SchedulerOptions.defaults()))));
        }
        if (node.kind() == NodeMode.Kind.HOLLOW) {
            shutdown.started(ClientComponent.start(server.kubeconfig(), "kubelet",
                    c -> HollowNodePool.start(c, hollowCapacity.options(node.count()))));
            System.out.println("  " + node.count() + " hollow nodes running");
            System.out.flush();
        }
        stopped.await();
        return 0;
    }

    /** Stops the components (controllers, scheduler, nodes) in reverse order before the server, even if shutdown races a start. */
    static final class ShutdownOrder implements Runnable {
        private final ApiServer server;
        private final java.util.List<AutoCloseable> components = new java.util.ArrayList<>();
        private boolean stopping;

        ShutdownOrder(ApiServer server) {
            this.server = server;
        }

        synchronized void started(AutoCloseable component) {
            if (stopping) {
                closeQuietly(component);
            } else {
                components.add(component);
            }
        }

        @Override
        public synchronized void run() {
            stopping = true;
            for (AutoCloseable c : components.reversed()) {
                closeQuietly(c);
            }
            server.close();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("stopping " + c.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
