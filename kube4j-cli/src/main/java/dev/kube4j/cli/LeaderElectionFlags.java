package dev.kube4j.cli;

import dev.kube4j.controllers.runtime.LeaderElection;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The leader-election flags of kube-controller-manager and kube-scheduler. */
public final class LeaderElectionFlags {

    @Option(names = "--leader-elect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the controllers/scheduler only while holding their Lease in kube-system, so several "
                    + "copies can run and only one acts (default: ${DEFAULT-VALUE}).")
    boolean leaderElect = true;

    @Option(names = "--leader-elect-lease-duration", defaultValue = "15s", converter = ControllerFlags.GoDurationConverter.class,
            paramLabel = "DURATION", description = "How long a standby waits after the last renewal before taking over "
            + "(default: ${DEFAULT-VALUE}).")
    Duration leaseDuration = Duration.ofSeconds(15);

    @Option(names = "--leader-elect-renew-deadline", defaultValue = "10s", converter = ControllerFlags.GoDurationConverter.class,
            paramLabel = "DURATION", description = "How long the leader keeps trying to renew before stepping down "
            + "(default: ${DEFAULT-VALUE}).")
    Duration renewDeadline = Duration.ofSeconds(10);

    @Option(names = "--leader-elect-retry-period", defaultValue = "2s", converter = ControllerFlags.GoDurationConverter.class,
            paramLabel = "DURATION", description = "How often to try to acquire or renew (default: ${DEFAULT-VALUE}).")
    Duration retryPeriod = Duration.ofSeconds(2);

    /** The component under leader election on {@code kube-system/<lease>}, or started at once when disabled. */
    AutoCloseable run(KubernetesClient client, String lease, LeaderElection.Component component) throws Exception {
        if (!leaderElect) {
            return component.start();
        }
        return LeaderElection.start(client, lease, new LeaderElection.Settings(leaseDuration, renewDeadline, retryPeriod), component);
    }
}
