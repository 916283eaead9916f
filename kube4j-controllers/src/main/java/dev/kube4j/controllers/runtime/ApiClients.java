package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import okhttp3.Dispatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The API client every control-plane component (controllers, scheduler, hollow nodes) connects with. */
public final class ApiClients {

    private ApiClients() {
    }

    public static KubernetesClient connect(Path kubeconfig) throws IOException {
        return connect(Config.fromKubeconfig(Files.readString(kubeconfig)));
    }

    /**
     * As {@link #connect(Path)}, for a component that names itself as upstream's do in their
     * User-Agent ({@code kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/kube4j}): the
     * API server takes the field manager of its writes from it, so managedFields say
     * {@code kube-controller-manager} and {@code kubelet} where upstream's do.
     */
    public static KubernetesClient connect(Path kubeconfig, String component) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setUserAgent(userAgent(component));
        return connect(config);
    }

    static String userAgent(String component) {
        String arch = System.getProperty("os.arch", "amd64");
        return component + "/" + KUBERNETES_VERSION + " (linux/" + (arch.equals("x86_64") ? "amd64" : arch) + ") kubernetes/kube4j";
    }

    /** The Kubernetes version the components present themselves as (the server reports v1.32.0-kube4j). */
    private static final String KUBERNETES_VERSION = "v1.32.0";

    /**
     * fabric8 with OkHttp, except for decoding watch events without an intermediate tree, objects
     * without managedFields, and virtual threads where fabric8 and OkHttp hand work to other threads.
     * Their defaults are cached thread pools: every informer event, response body and asynchronous
     * call then wakes a parked platform thread and parks it again (a futex call each way), which
     * took a fifth of the API server's CPU with 5,000 hollow nodes in its process.
     */
    public static KubernetesClient connect(Config config) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new VirtualThreadOkHttpClientFactory())
                .withTaskExecutorSupplier(new VirtualThreadTasks())
                .withKubernetesSerialization(DirectWatchEventSerialization.create()).build();
    }

    /** fabric8's task executor (informer event delivery, asynchronous steps): a virtual thread per task. */
    private static final class VirtualThreadTasks implements KubernetesClientBuilder.ExecutorSupplier {
        @Override
        public Executor get() {
            return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fabric8-task").factory());
        }

        @Override
        public void onClose(Executor executor) {
            ((ExecutorService) executor).shutdown();
        }
    }

    /**
     * OkHttp's asynchronous calls on virtual threads, at most {@link #MAX_CALLS_IN_FLIGHT} at a time
     * (fabric8 sets no limit; later calls wait in OkHttp's queue).
     */
    private static final class VirtualThreadOkHttpClientFactory extends OkHttpClientFactory {
        @Override
        protected Dispatcher initDispatcher() {
            Dispatcher d = new Dispatcher(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("okhttp-call").factory()));
            d.setMaxRequests(MAX_CALLS_IN_FLIGHT);
            d.setMaxRequestsPerHost(MAX_CALLS_IN_FLIGHT);
            return d;
        }
    }

    /**
     * Below the API server's 1,000 streams per HTTP/2 connection. When every stream of its one
     * connection is taken, OkHttp has each further call open a connection of its own (a TLS
     * handshake each) and closes all but one once they are up: 5,000 hollow kubelets renewing
     * Leases while the server was busy did that by the thousand, a quarter of the server's CPU for
     * ten seconds. Calls beyond this wait their turn instead. An open watch holds one of these for
     * its life (OkHttp reads a WebSocket on its call's thread) but not a stream (each WebSocket has
     * its own HTTP/1.1 connection); a component watches a few dozen kinds at most.
     */
    static final int MAX_CALLS_IN_FLIGHT = 768;

    /**
     * A second client, to {@code client}'s server, whose lists and watches return objects as
     * {@code PartialObjectMetadata} (client-go's metadata client): for controllers that look at
     * nothing but metadata, such as the garbage collector, which follows every object of every
     * resource and need not receive, nor decode, their specs and statuses. Every response of this
     * client is metadata only: use it for lists and watches. The caller closes it.
     */
    public static KubernetesClient metadataOnly(KubernetesClient client) {
        Map<String, String> headers = new HashMap<>();
        if (client.getConfiguration().getCustomHeaders() != null) {
            headers.putAll(client.getConfiguration().getCustomHeaders());
        }
        headers.put("Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                + "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json");
        return connect(new ConfigBuilder(client.getConfiguration()).withCustomHeaders(headers).build());
    }
}
