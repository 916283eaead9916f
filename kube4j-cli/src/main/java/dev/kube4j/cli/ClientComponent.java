package dev.kube4j.cli;

import dev.kube4j.controllers.runtime.ApiClients;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;

/**
 * A component (scheduler, hollow nodes) with its own API client built from a kubeconfig, as any
 * external client connects; closing it stops the component, then the client.
 */
final class ClientComponent implements AutoCloseable {

    /** Starts a component on a client. */
    interface Starter {
        AutoCloseable start(KubernetesClient client) throws Exception;
    }

    private final KubernetesClient client;
    private final AutoCloseable component;

    private ClientComponent(KubernetesClient client, AutoCloseable component) {
        this.client = client;
        this.component = component;
    }

    /** Connects as {@code component} (the User-Agent's name, hence the field manager of its writes) and starts it. */
    static ClientComponent start(Path kubeconfig, String component, Starter starter) throws Exception {
        KubernetesClient client = ApiClients.connect(kubeconfig, component);
        try {
            return new ClientComponent(client, starter.start(client));
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            component.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("stopping " + component.getClass().getSimpleName() + " failed: " + e);
        } finally {
            client.close();
        }
    }
}
