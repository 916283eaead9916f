package dev.kube4j.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;

/** One control loop, run by the {@link ControllerManager}; it reaches the cluster only through the client. */
public interface Controller extends AutoCloseable {

    String name();

    /** Starts informers and workers and returns; the controller runs until {@link #close}. */
    void start(KubernetesClient client);

    @Override
    void close() throws InterruptedException;
}
