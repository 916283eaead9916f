package dev.kube4j.controllers;

import dev.kube4j.controllers.job.JobBackoff;
import dev.kube4j.controllers.nodelifecycle.NodeLifecycleOptions;

/**
 * Settings of the default controllers, from kube-controller-manager's flags.
 *
 * @param jobBackoff the Job controller's pod failure backoff (10 s doubling to 6 min; shorter in tests)
 */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle, JobBackoff jobBackoff) {

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle) {
        this(nodeLifecycle, JobBackoff.defaults());
    }

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }

    public ControllerOptions withJobBackoff(JobBackoff backoff) {
        return new ControllerOptions(nodeLifecycle, backoff);
    }
}
