package dev.kube4j.e2e;

import dev.kube4j.apiserver.ApiServer;
import dev.kube4j.apiserver.ApiServerOptions;
import dev.kube4j.apiserver.admission.AdmissionOptions;
import dev.kube4j.apiserver.storage.DatastoreOptions;
import dev.kube4j.controllers.ControllerManager;
import dev.kube4j.controllers.ControllerOptions;
import dev.kube4j.node.hollow.HollowNodeOptions;
import dev.kube4j.node.hollow.HollowNodePool;
import dev.kube4j.scheduler.Scheduler;
import dev.kube4j.scheduler.SchedulerOptions;
import dev.kube4j.store.etcd.EtcdProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An API server started in this JVM on a free loopback port, with its own data directory, on the
 * embedded store or on a real etcd.
 */
public final class TestCluster implements AutoCloseable {

    private final Path dataDir;
    private final UnaryOperator<ApiServerOptions> configure;
    private final AutoCloseable datastoreProcess;
    private ApiServer server;
    private ControllerManager controllers;
    private KubernetesClient componentClient;
    private final java.util.List<AutoCloseable> components = new java.util.ArrayList<>();

    private TestCluster(Path dataDir, UnaryOperator<ApiServerOptions> configure, AutoCloseable datastoreProcess)
            throws Exception {
        this.dataDir = dataDir;
        this.configure = configure;
        this.datastoreProcess = datastoreProcess;
        this.server = ApiServer.start(options(0));
    }

    private ApiServerOptions options(int port) {
        return configure.apply(ApiServerOptions.defaults(dataDir).withPort(port));
    }

    /** On the embedded store, without controllers. */
    public static TestCluster start() throws Exception {
        return start(UnaryOperator.identity());
    }

    /**
     * With options of the test's choice (datastore, compaction interval, …) on top of the defaults.
     * No controller creates the {@code default} service accounts here, so the ServiceAccount
     * admission is off, as one would run kube-apiserver without a controller manager.
     */
    public static TestCluster start(UnaryOperator<ApiServerOptions> configure) throws Exception {
        return new TestCluster(Files.createTempDirectory("kube4j-e2e"), o -> configure.apply(withoutServiceAccounts(o)), null);
    }

    private static ApiServerOptions withoutServiceAccounts(ApiServerOptions o) {
        return o.withAdmission(o.admission().withDisabled("ServiceAccount"));
    }

    private static TestCluster startWithAllAdmission(UnaryOperator<ApiServerOptions> configure) throws Exception {
        return new TestCluster(Files.createTempDirectory("kube4j-e2e"), configure, null);
    }

    /** On a fresh single-member etcd started for this cluster and stopped (through its process handle) with it. */
    public static TestCluster startOnEtcd() throws Exception {
        EtcdProcess etcd = EtcdProcess.start();
        try {
            return new TestCluster(Files.createTempDirectory("kube4j-e2e"),
                    o -> withoutServiceAccounts(o).withDatastore(DatastoreOptions.etcd(etcd.options())), etcd);
        } catch (Exception | Error e) {
            etcd.close();
            throw e;
        }
    }

    /** As {@code kube4j server} runs by default: the API server plus the controller manager on its admin kubeconfig. */
    public static TestCluster startWithControllers() throws Exception {
        TestCluster cluster = startWithAllAdmission(UnaryOperator.identity());
        cluster.controllers = ControllerManager.start(cluster.kubeconfig());
        return cluster;
    }

    /**
     * A whole cluster as {@code kube4j server --node hollow:N} runs it: API server, controller manager,
     * scheduler and N hollow nodes (capacity {@code cpu}, {@code memory}, 110 pods each).
     */
    public static TestCluster startHollow(int nodes, String cpu, String memory) throws Exception {
        return startHollow(nodes, cpu, memory, AdmissionOptions.defaults(), ControllerOptions.defaults());
    }

    /**
     * As {@link #startHollow(int, String, String)}, with admission and controller settings (short
     * grace periods and toleration seconds for node-loss tests). Hollow nodes renew their Leases
     * every second so short grace periods work.
     */
    public static TestCluster startHollow(int nodes, String cpu, String memory, AdmissionOptions admission,
                                          ControllerOptions controllerOptions) throws Exception {
        TestCluster cluster = startWithAllAdmission(o -> o.withAdmission(admission));
        try {
            cluster.controllers = ControllerManager.start(cluster.kubeconfig(), ControllerManager.defaultControllers(controllerOptions));
            cluster.componentClient = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig()))).build();
            cluster.components.add(Scheduler.start(cluster.componentClient, SchedulerOptions.defaults()));
            cluster.components.add(HollowNodePool.start(cluster.componentClient,
                    HollowNodeOptions.of(nodes).withCapacity(cpu, memory, 110).withLeaseRenew(java.time.Duration.ofSeconds(1))));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Stops the controller manager and starts a new one (default controllers), as a standalone
     * kube-controller-manager restarting, or one taking over leadership, against a populated cluster.
     */
    public void restartControllers() throws Exception {
        if (controllers != null) {
            controllers.close();
        }
        controllers = ControllerManager.start(kubeconfig());
    }

    /** Stops and starts the server on the same data and port, as an operator restarting it would. */
    public void restart() throws Exception {
        int port = server.port();
        server.close();
        server = ApiServer.start(options(port));
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

    /** A fabric8 client with the admin kubeconfig; the caller closes it. */
    public KubernetesClient client() throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
        config.setRequestRetryBackoffLimit(20);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public Kubectl kubectl() {
        return new Kubectl(Kubectl.DEFAULT, kubeconfig());
    }

    public Kubectl kubectl(Path binary) {
        return new Kubectl(binary, kubeconfig());
    }

    @Override
    public void close() throws IOException {
        for (AutoCloseable c : components.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IOException("stopping " + c.getClass().getSimpleName(), e);
            }
        }
        if (componentClient != null) {
            componentClient.close();
        }
        if (controllers != null) {
            controllers.close();
        }
        server.close();
        if (datastoreProcess != null) {
            try {
                datastoreProcess.close();
            } catch (Exception e) {
                throw new IOException("stopping the datastore failed", e);
            }
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
