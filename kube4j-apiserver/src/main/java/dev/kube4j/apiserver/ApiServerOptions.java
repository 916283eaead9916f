package dev.kube4j.apiserver;

import dev.kube4j.apiserver.admission.AdmissionOptions;
import dev.kube4j.apiserver.storage.DatastoreOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * @param port            0 picks a free port (tests)
 * @param extraSans       more names for the serving certificate
 * @param compactInterval how often history older than one interval is compacted away
 * @param datastore       the embedded store under {@code dataDir} (default) or an etcd cluster
 * @param admission       settings of the admission plugins
 * @param serviceCidr     range of cluster IPs (k3s's --service-cidr); its first address is the kubernetes service's
 * @param nodePortRange   range of node ports, e.g. 30000-32767
 * @param eventTtl        how long Events are kept after their last write (kube-apiserver's --event-ttl)
 */
public record ApiServerOptions(Path dataDir, String bindAddress, int port, List<String> extraSans,
                               Duration compactInterval, int watchCacheHistory, DatastoreOptions datastore,
                               AdmissionOptions admission, String serviceCidr, String nodePortRange,
                               Duration eventTtl) {

    public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    public static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

    public static ApiServerOptions defaults(Path dataDir) {
        return new ApiServerOptions(dataDir, "127.0.0.1", 6443, List.of(), Duration.ofMinutes(5), 100_000,
                DatastoreOptions.embedded(), AdmissionOptions.defaults(), DEFAULT_SERVICE_CIDR, DEFAULT_NODE_PORT_RANGE,
                Duration.ofHours(1));
    }

    public ApiServerOptions withPort(int port) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                serviceCidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withBindAddress(String address) {
        return new ApiServerOptions(dataDir, address, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                serviceCidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withExtraSans(List<String> sans) {
        return new ApiServerOptions(dataDir, bindAddress, port, List.copyOf(sans), compactInterval, watchCacheHistory, datastore,
                admission, serviceCidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withDatastore(DatastoreOptions datastore) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                serviceCidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withCompactInterval(Duration interval) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, interval, watchCacheHistory, datastore, admission,
                serviceCidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withAdmission(AdmissionOptions admission) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                serviceCidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withServiceCidr(String cidr) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                cidr, nodePortRange, eventTtl);
    }

    public ApiServerOptions withNodePortRange(String range) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                serviceCidr, range, eventTtl);
    }

    public ApiServerOptions withEventTtl(Duration ttl) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission,
                serviceCidr, nodePortRange, ttl);
    }
}
