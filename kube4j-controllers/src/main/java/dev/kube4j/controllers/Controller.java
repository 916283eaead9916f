package dev.kube4j.controllers;

import dev.kube4j.controllers.runtime.SharedInformers;
import io.fabric8.kubernetes.client.KubernetesClient;

/** One control loop, run by the {@link ControllerManager}; it reaches the cluster only through the client. */
public interface Controller extends AutoCloseable {

    String name();

    /** Starts informers and workers and returns; the controller runs until {@link #close}. */
    void start(KubernetesClient client);

    /** As {@link #start(KubernetesClient)}, sharing the manager's informers with the other controllers. */
    default void start(KubernetesClient client, SharedInformers informers) {
        start(client);
    }

    @Override
    void close() throws InterruptedException;
}
