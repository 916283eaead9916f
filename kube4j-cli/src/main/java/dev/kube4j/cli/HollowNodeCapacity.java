package dev.kube4j.cli;

import dev.kube4j.node.hollow.HollowNodeOptions;
import picocli.CommandLine.Option;

/** What each hollow node offers (shared by {@code server --node hollow:N} and {@code hollow-nodes}). */
public final class HollowNodeCapacity {

    @Option(names = "--hollow-node-cpu", defaultValue = "4", paramLabel = "QUANTITY",
            description = "Allocatable cpu of each hollow node (default: ${DEFAULT-VALUE}).")
    String cpu = "4";

    @Option(names = "--hollow-node-memory", defaultValue = "16Gi", paramLabel = "QUANTITY",
            description = "Allocatable memory of each hollow node (default: ${DEFAULT-VALUE}).")
    String memory = "16Gi";

    @Option(names = "--hollow-node-pods", defaultValue = "110", paramLabel = "N",
            description = "Pod capacity of each hollow node (default: ${DEFAULT-VALUE}, the kubelet's).")
    int pods = 110;

    HollowNodeOptions options(int count) {
        return HollowNodeOptions.of(count).withCapacity(cpu, memory, pods);
    }
}
