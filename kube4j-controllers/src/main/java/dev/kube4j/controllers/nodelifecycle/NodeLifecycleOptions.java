package dev.kube4j.controllers.nodelifecycle;

import java.time.Duration;

/**
 * Timings named after kube-controller-manager's flags.
 *
 * @param monitorGracePeriod {@code --node-monitor-grace-period}: how long a node may go without a
 *                           heartbeat (Lease renewal or status) before it is marked Unknown
 * @param monitorPeriod      {@code --node-monitor-period}: how often nodes are checked
 */
public record NodeLifecycleOptions(Duration monitorGracePeriod, Duration monitorPeriod) {

    public static NodeLifecycleOptions defaults() {
        return new NodeLifecycleOptions(Duration.ofSeconds(40), Duration.ofSeconds(5));
    }
}
