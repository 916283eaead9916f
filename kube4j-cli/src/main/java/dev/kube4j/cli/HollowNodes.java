package dev.kube4j.cli;

import dev.kube4j.node.hollow.HollowNodeOptions;
import dev.kube4j.node.hollow.HollowNodePool;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A hollow node pool with its own API client, connected through a kubeconfig like any kubelet. */
final class HollowNodes implements AutoCloseable {

    private final KubernetesClient client;
    private final HollowNodePool pool;

    private HollowNodes(KubernetesClient client, HollowNodePool pool) {
        this.client = client;
        this.pool = pool;
    }

    static HollowNodes start(Path kubeconfig, HollowNodeOptions options) throws IOException, InterruptedException {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        try {
            return new HollowNodes(client, HollowNodePool.start(client, options));
        } catch (RuntimeException | InterruptedException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
