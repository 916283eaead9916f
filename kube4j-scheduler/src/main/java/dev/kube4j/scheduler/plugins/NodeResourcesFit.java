package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.cache.PodRequests;
import dev.kube4j.scheduler.cache.Resources;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests against allocatable and the pod count (filter), and upstream's default LeastAllocated
 * score: the emptier a node stays after placing the pod, the better, cpu and memory weighted equally.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    private static final String REQUESTS = "NodeResourcesFit/requests";
    private static final String SCORING = "NodeResourcesFit/scoring";

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public int weight() {
        return 1;
    }

    static Resources requests(CycleState state) {
        return state.computeIfAbsent(REQUESTS, s -> PodRequests.of(s.pod()));
    }

    static Resources scoringRequests(CycleState state) {
        return state.computeIfAbsent(SCORING, s -> PodRequests.forScoring(s.pod()));
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        Resources pod = requests(state);
        if (node.podCount() + 1 <= node.allocatable().get(Resources.PODS) && pod.fitsIn(node.allocatable(), node.requested())) {
            return Status.SUCCESS;
        }
        List<String> reasons = insufficient(pod, node, node.podCount());
        // Upstream reports one reason per plugin result; the aggregate message counts each.
        return reasons.isEmpty() ? Status.SUCCESS : Status.unschedulable(String.join(", ", reasons));
    }

    /** What does not fit, as upstream words it; {@code podsOnNode} lets preemption ask "if these were gone". */
    static List<String> insufficient(Resources pod, NodeInfo node, int podsOnNode) {
        List<String> reasons = new ArrayList<>();
        long maxPods = node.allocatable().get(Resources.PODS);
        if (podsOnNode + 1 > maxPods) {
            reasons.add("Too many pods");
        }
        pod.forEach((name, amount) -> {
            if (amount > 0 && !name.equals(Resources.PODS)
                    && node.allocatable().get(name) - node.requested().get(name) < amount) {
                reasons.add("Insufficient " + name);
            }
        });
        if (reasons.size() > 1) {
            reasons.sort(null);
        }
        return reasons;
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        Resources pod = scoringRequests(state);
        long cpu = leastAllocated(node.requestedForScoring().get(Resources.CPU) + pod.get(Resources.CPU),
                node.allocatable().get(Resources.CPU));
        long mem = leastAllocated(node.requestedForScoring().get(Resources.MEMORY) + pod.get(Resources.MEMORY),
                node.allocatable().get(Resources.MEMORY));
        return (cpu + mem) / 2;
    }

    private static long leastAllocated(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
