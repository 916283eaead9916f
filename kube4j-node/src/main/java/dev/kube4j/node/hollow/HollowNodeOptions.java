package dev.kube4j.node.hollow;

import java.time.Duration;

/**
 * How many hollow nodes to run and what each offers.
 *
 * @param count          number of nodes, named {@code <namePrefix>-0 … -N-1}
 * @param cpu            allocatable cpu (a quantity: "4", "3500m")
 * @param memory         allocatable memory (a quantity: "16Gi")
 * @param pods           pod capacity (the kubelet's default is 110)
 * @param leaseRenew     how often each node renews its Lease (the kubelet: 10 s of a 40 s lease)
 * @param statusReport   how often a node posts its status when nothing changed (the kubelet: 5 min)
 * @param podWorkers     concurrent pod status writers for all nodes together (virtual threads; 16 made
 *                       pods wait seconds for Running under a create burst)
 */
public record HollowNodeOptions(int count, String namePrefix, String cpu, String memory, int pods,
                                Duration leaseRenew, Duration statusReport, int podWorkers) {

    public static final int LEASE_DURATION_SECONDS = 40;

    public static HollowNodeOptions of(int count) {
        return new HollowNodeOptions(count, "hollow-node", "4", "16Gi", 110, Duration.ofSeconds(10), Duration.ofMinutes(5), 128);
    }

    public HollowNodeOptions withCapacity(String cpu, String memory, int pods) {
        return new HollowNodeOptions(count, namePrefix, cpu, memory, pods, leaseRenew, statusReport, podWorkers);
    }

    public HollowNodeOptions withLeaseRenew(Duration every) {
        return new HollowNodeOptions(count, namePrefix, cpu, memory, pods, every, statusReport, podWorkers);
    }
}
