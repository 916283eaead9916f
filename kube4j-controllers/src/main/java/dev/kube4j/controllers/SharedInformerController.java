package dev.kube4j.controllers;

import dev.kube4j.controllers.runtime.SharedInformers;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A controller that works on a manager's shared informers; started alone (tests, tools) it makes
 * informers of its own and closes them when it stops.
 */
public abstract class SharedInformerController implements Controller {

    private SharedInformers ownInformers;

    @Override
    public final void start(KubernetesClient client) {
        ownInformers = new SharedInformers(client);
        start(client, ownInformers);
    }

    @Override
    public abstract void start(KubernetesClient client, SharedInformers informers);

    /** Stops the controller's own workers and handlers; the informers are not its to close. */
    protected abstract void stop() throws InterruptedException;

    @Override
    public final void close() throws InterruptedException {
        stop();
        if (ownInformers != null) {
            ownInformers.close();
        }
    }
}
