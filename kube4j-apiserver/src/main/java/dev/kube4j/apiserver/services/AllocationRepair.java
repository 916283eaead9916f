package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Brings the allocation records in line with the services, as upstream's repair controllers for
 * cluster IPs and node ports: every value a service holds gets its record back (data written
 * before records existed, a record lost to a crash), and records no service uses any more are
 * freed once older than the orphan grace (a crash between allocating and writing the service, or
 * between deleting it and releasing). Runs at start-up and then periodically.
 */
public final class AllocationRepair {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationRepair.class);

    /** What one pass did. */
    public record Result(int recorded, int released, int conflicts) {
    }

    private final Store store;
    private final ServiceAllocator allocator;

    public AllocationRepair(Store store, ServiceAllocator allocator) {
        this.store = store;
        this.allocator = allocator;
    }

    public Result run() {
        int[] counts = new int[3];
        for (KeyValue kv : store.rangePrefix(ServiceAllocator.SERVICES_PREFIX).kvs()) {
            ObjectNode svc = ObjectCodec.decodeStored(kv.value(), kv.modRevision());
            Owner owner = Owner.of(svc);
            JsonNode spec = svc.get("spec");
            recordAll(owner, ServiceAllocator.clusterIPs(spec), allocator.ips(), "cluster IP", counts);
            recordAll(owner, ServiceAllocator.portValues(spec), allocator.ports(), "node port", counts);
        }
        counts[1] += releaseOrphans(allocator.ips(), "cluster IP");
        counts[1] += releaseOrphans(allocator.ports(), "node port");
        Result result = new Result(counts[0], counts[1], counts[2]);
        if (result.recorded() + result.released() + result.conflicts() > 0) {
            LOG.info("service allocation repair: {} recorded, {} released, {} held by two services",
                    result.recorded(), result.released(), result.conflicts());
        }
        return result;
    }

    private static void recordAll(Owner owner, Set<String> values, RangeAllocator allocator, String what, int[] counts) {
        for (String value : values) {
            if (allocator.range().offsetOf(value) < 0) {
                // Kept (and recorded) all the same: the service still uses it, and the range may come back.
                LOG.warn("the {} {} of service {} is not within the configured range {}; please recreate the service",
                        what, value, owner, allocator.range());
            }
            switch (allocator.table().record(value, owner)) {
                case CLAIMED -> counts[0]++;
                case TAKEN -> {
                    counts[2]++;
                    LOG.warn("the {} {} of service {} is also held by {}; please recreate one of them", what, value, owner,
                            allocator.table().read(value).map(r -> r.owner().toString()).orElse("another service"));
                }
                case ALREADY_OWNED -> {
                }
            }
        }
    }

    private static int releaseOrphans(RangeAllocator allocator, String what) {
        int released = 0;
        for (AllocationRecord r : allocator.table().all()) {
            if (allocator.table().isOrphan(r) && allocator.table().delete(r)) {
                released++;
                LOG.info("released {} {}: service {} no longer uses it", what, r.value(), r.owner());
            }
        }
        return released;
    }
}
