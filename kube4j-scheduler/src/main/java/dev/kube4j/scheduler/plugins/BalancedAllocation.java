package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.cache.Resources;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.ScorePlugin;

/** Upstream's NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory fractions stay close. */
public final class BalancedAllocation implements ScorePlugin {

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public int weight() {
        return 1;
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        Resources pod = NodeResourcesFit.scoringRequests(state);
        double cpu = fraction(node.requestedForScoring().get(Resources.CPU) + pod.get(Resources.CPU), node.allocatable().get(Resources.CPU));
        double mem = fraction(node.requestedForScoring().get(Resources.MEMORY) + pod.get(Resources.MEMORY),
                node.allocatable().get(Resources.MEMORY));
        // Standard deviation of the two fractions is |cpu - mem| / 2.
        double std = Math.abs(cpu - mem) / 2;
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }

    private static double fraction(long requested, long capacity) {
        return capacity <= 0 ? 1 : Math.min(1, (double) requested / capacity);
    }
}
