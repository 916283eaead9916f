package dev.kube4j.scheduler;

import java.util.Map;
import java.util.TreeMap;

/**
 * Why no node fits, worded as upstream's FitError: "0/3 nodes are available: 1 node(s) had
 * untolerated taint {dedicated: gpu}, 2 Insufficient cpu." — reasons counted per node, sorted.
 */
final class FitError {

    private final int nodes;
    private final Map<String, Integer> reasons = new TreeMap<>();

    FitError(int nodes) {
        this.nodes = nodes;
    }

    /** A node failed for these comma-joined reasons (a node may fail several resource checks at once). */
    void add(String reasonList) {
        for (String r : reasonList.split(", ")) {
            reasons.merge(r, 1, Integer::sum);
        }
    }

    void addForAllNodes(String reason) {
        reasons.merge(reason, nodes, Integer::sum);
    }

    /** "count reason" strings sorted as strings, exactly as upstream sorts them. */
    static java.util.List<String> histogram(Map<String, Integer> reasons) {
        java.util.List<String> out = new java.util.ArrayList<>();
        reasons.forEach((r, c) -> out.add(c + " " + r));
        out.sort(null);
        return out;
    }

    String message(String preemption) {
        StringBuilder sb = new StringBuilder();
        sb.append("0/").append(nodes).append(" nodes are available");
        if (!reasons.isEmpty()) {
            sb.append(": ").append(String.join(", ", histogram(reasons)));
        }
        sb.append('.');
        if (preemption != null) {
            sb.append(" preemption: ").append(preemption);
        }
        return sb.toString();
    }
}
