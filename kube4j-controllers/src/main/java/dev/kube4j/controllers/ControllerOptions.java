package dev.kube4j.controllers;

import dev.kube4j.controllers.job.JobBackoff;
import dev.kube4j.controllers.nodelifecycle.NodeLifecycleOptions;

import java.time.Duration;

/**
 * Settings of the default controllers, from kube-controller-manager's flags.
 *
 * @param jobBackoff              the Job controller's pod failure backoff (10 s doubling to 6 min; shorter in tests)
 * @param resourceQuotaSyncPeriod {@code --resource-quota-sync-period}: how often every quota is recounted
 */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle, JobBackoff jobBackoff, Duration resourceQuotaSyncPeriod) {

    public static final Duration DEFAULT_RESOURCE_QUOTA_SYNC_PERIOD = Duration.ofMinutes(5);

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle) {
        this(nodeLifecycle, JobBackoff.defaults(), DEFAULT_RESOURCE_QUOTA_SYNC_PERIOD);
    }

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle, Duration resourceQuotaSyncPeriod) {
        this(nodeLifecycle, JobBackoff.defaults(), resourceQuotaSyncPeriod);
    }

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }

    public ControllerOptions withJobBackoff(JobBackoff backoff) {
        return new ControllerOptions(nodeLifecycle, backoff, resourceQuotaSyncPeriod);
    }
}
