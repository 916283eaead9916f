package dev.kube4j.scheduler;

import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream's DefaultPreemption, simplified: on each node that failed for a reason removing pods
 * can fix, remove every lower-priority pod, check that the pod fits, give back as many victims as
 * still fit (highest priority first), and pick the node whose victims matter least (lowest highest
 * priority, then fewest). The victims are deleted and the pod is nominated to that node.
 */
final class Preemption {

    /** {@code nominatedNode} null when no preemption happened; {@code message} for the FailedScheduling event. */
    record Outcome(String nominatedNode, String message) {
    }

    private record Candidate(NodeInfo node, List<Pod> victims) {
        int highestPriority() {
            return victims.stream().mapToInt(Preemption::priority).max().orElse(Integer.MIN_VALUE);
        }
    }

    private final KubernetesClient client;
    private final Profile profile;
    private final EventRecorder events;

    Preemption(KubernetesClient client, Profile profile, EventRecorder events) {
        this.client = client;
        this.profile = profile;
        this.events = events;
    }

    static int priority(Pod p) {
        return p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority();
    }

    Outcome tryPreempt(CycleState state, List<NodeInfo> nodes, Map<NodeInfo, Status> statuses) {
        Pod pod = state.pod();
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return new Outcome(null, "not eligible due to preemptionPolicy=Never.");
        }
        Map<String, Integer> reasons = new TreeMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (NodeInfo n : nodes) {
            Status s = statuses.get(n);
            if (s == null || s.code() == Status.Code.UNRESOLVABLE) {
                reasons.merge("Preemption is not helpful for scheduling", 1, Integer::sum);
                continue;
            }
            List<Pod> victims = victimsOn(state, n);
            if (victims == null) {
                reasons.merge("No preemption victims found for incoming pod", 1, Integer::sum);
            } else {
                candidates.add(new Candidate(n, victims));
            }
        }
        if (candidates.isEmpty()) {
            return new Outcome(null, "0/" + nodes.size() + " nodes are available: "
                    + String.join(", ", FitError.histogram(reasons)) + ".");
        }
        Candidate best = candidates.stream().min(Comparator.comparingInt(Candidate::highestPriority)
                .thenComparingInt(c -> c.victims().size())
                .thenComparingLong(c -> c.victims().stream().mapToLong(Preemption::priority).sum())).orElseThrow();
        for (Pod victim : best.victims()) {
            try {
                client.pods().inNamespace(victim.getMetadata().getNamespace()).withName(victim.getMetadata().getName()).delete();
                events.normal(victim, "Preempted", "Preempted by pod " + pod.getMetadata().getUid() + " on node " + best.node().name());
            } catch (KubernetesClientException e) {
                // Already gone is as good as deleted; anything else shows up as the pod still not fitting.
            }
        }
        return new Outcome(best.node().name(), null);
    }

    /** The fewest lower-priority pods whose removal lets the pod fit on {@code node}, or null if none. */
    private List<Pod> victimsOn(CycleState state, NodeInfo node) {
        int p = priority(state.pod());
        List<Pod> lower = node.pods().stream().filter(o -> priority(o) < p).toList();
        if (lower.isEmpty()) {
            return null;
        }
        List<Pod> kept = new ArrayList<>(node.pods().stream().filter(o -> priority(o) >= p).toList());
        if (!fits(state, node, kept)) {
            return null;
        }
        List<Pod> byPriorityDesc = new ArrayList<>(lower);
        byPriorityDesc.sort(Comparator.comparingInt(Preemption::priority).reversed());
        List<Pod> victims = new ArrayList<>();
        for (Pod candidate : byPriorityDesc) {
            kept.add(candidate);
            if (!fits(state, node, kept)) {
                kept.removeLast();
                victims.add(candidate);
            }
        }
        return victims.isEmpty() ? null : victims;
    }

    /** Would the pod pass the node-local filters if only {@code remaining} pods were on the node? */
    private boolean fits(CycleState state, NodeInfo node, List<Pod> remaining) {
        NodeInfo simulated = new NodeInfo(node.node());
        for (Pod o : remaining) {
            simulated.addPod(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), o);
        }
        CycleState fresh = new CycleState(state.pod(), state.cluster());
        for (FilterPlugin f : profile.filters()) {
            if (f.name().equals("NodeResourcesFit") || f.name().equals("NodePorts")) {
                if (!f.filter(fresh, simulated).isSuccess()) {
                    return false;
                }
            }
        }
        return true;
    }
}
