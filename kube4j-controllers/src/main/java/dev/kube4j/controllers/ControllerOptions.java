package dev.kube4j.controllers;

import dev.kube4j.controllers.nodelifecycle.NodeLifecycleOptions;

import java.time.Duration;

/**
 * Settings of the default controllers, from kube-controller-manager's flags.
 *
 * @param resourceQuotaSyncPeriod {@code --resource-quota-sync-period}: how often every quota is recounted
 */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle, Duration resourceQuotaSyncPeriod) {

    public static final Duration DEFAULT_RESOURCE_QUOTA_SYNC_PERIOD = Duration.ofMinutes(5);

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle) {
        this(nodeLifecycle, DEFAULT_RESOURCE_QUOTA_SYNC_PERIOD);
    }

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }
}
