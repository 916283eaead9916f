package dev.kube4j.cli;

import dev.kube4j.controllers.ControllerOptions;
import dev.kube4j.controllers.core.GoDuration;
import dev.kube4j.controllers.nodelifecycle.NodeLifecycleOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;

/** kube-controller-manager's flags that kube4j honours (shared by {@code server} and {@code controller-manager}). */
public final class ControllerFlags {

    @Option(names = "--node-monitor-grace-period", defaultValue = "40s", converter = GoDurationConverter.class,
            paramLabel = "DURATION", description = "How long a node may go without a heartbeat before it is marked "
            + "Unknown and tainted unreachable (default: ${DEFAULT-VALUE}).")
    Duration nodeMonitorGracePeriod = Duration.ofSeconds(40);

    @Option(names = "--node-monitor-period", defaultValue = "5s", converter = GoDurationConverter.class,
            paramLabel = "DURATION", description = "How often node health is checked (default: ${DEFAULT-VALUE}).")
    Duration nodeMonitorPeriod = Duration.ofSeconds(5);

    @Option(names = "--resource-quota-sync-period", defaultValue = "5m", converter = GoDurationConverter.class,
            paramLabel = "DURATION", description = "How often every ResourceQuota's usage is recounted (default: ${DEFAULT-VALUE}).")
    Duration resourceQuotaSyncPeriod = ControllerOptions.DEFAULT_RESOURCE_QUOTA_SYNC_PERIOD;

    ControllerOptions options() {
        return new ControllerOptions(new NodeLifecycleOptions(nodeMonitorGracePeriod, nodeMonitorPeriod), resourceQuotaSyncPeriod);
    }

    /** Go duration syntax, as the upstream flags take it ("40s", "1m30s"). */
    public static final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = GoDuration.parse(value);
            if (d == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 40s, 1m30s)");
            }
            return d;
        }
    }
}
