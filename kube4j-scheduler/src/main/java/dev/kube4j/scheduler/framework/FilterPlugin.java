package dev.kube4j.scheduler.framework;

import dev.kube4j.scheduler.cache.NodeInfo;

/** Decides whether a pod may run on a node (upstream's Filter extension point). */
public interface FilterPlugin {

    String name();

    /**
     * Once per cycle before any node is filtered (upstream's PreFilter): {@link Status#SKIP} when
     * {@link #filter} would pass every node for this pod; any other non-success status makes the
     * pod unschedulable on every node with that reason.
     */
    default Status preFilter(CycleState state) {
        return Status.SUCCESS;
    }

    Status filter(CycleState state, NodeInfo node);
}
