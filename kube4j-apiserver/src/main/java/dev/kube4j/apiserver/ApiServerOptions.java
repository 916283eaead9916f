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
 */
public record ApiServerOptions(Path dataDir, String bindAddress, int port, List<String> extraSans,
                               Duration compactInterval, int watchCacheHistory, DatastoreOptions datastore,
                               AdmissionOptions admission) {

    public static ApiServerOptions defaults(Path dataDir) {
        return new ApiServerOptions(dataDir, "127.0.0.1", 6443, List.of(), Duration.ofMinutes(5), 100_000,
                DatastoreOptions.embedded(), AdmissionOptions.defaults());
    }

    public ApiServerOptions withPort(int port) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission);
    }

    public ApiServerOptions withBindAddress(String address) {
        return new ApiServerOptions(dataDir, address, port, extraSans, compactInterval, watchCacheHistory, datastore, admission);
    }

    public ApiServerOptions withExtraSans(List<String> sans) {
        return new ApiServerOptions(dataDir, bindAddress, port, List.copyOf(sans), compactInterval, watchCacheHistory, datastore,
                admission);
    }

    public ApiServerOptions withDatastore(DatastoreOptions datastore) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission);
    }

    public ApiServerOptions withCompactInterval(Duration interval) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, interval, watchCacheHistory, datastore, admission);
    }

    public ApiServerOptions withAdmission(AdmissionOptions admission) {
        return new ApiServerOptions(dataDir, bindAddress, port, extraSans, compactInterval, watchCacheHistory, datastore, admission);
    }
}
