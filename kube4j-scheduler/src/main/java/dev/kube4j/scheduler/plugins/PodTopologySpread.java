package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.ClusterCache;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * topologySpreadConstraints: DoNotSchedule constraints filter by skew, ScheduleAnyway constraints
 * score. Pods without constraints are spread as upstream's system defaults do: away from nodes
 * (and zones) already holding pods of the same controller.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {

    private static final String STATE = "PodTopologySpread/state";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOSTNAME = "kubernetes.io/hostname";

    @Override
    public String name() {
        return "PodTopologySpread";
    }

    @Override
    public int weight() {
        return 2;
    }

    private record Constraint(TopologySpreadConstraint spec, Map<String, Integer> counts, int minCount, boolean selfMatch) {
    }

    private static List<TopologySpreadConstraint> constraints(Pod pod, String whenUnsatisfiable) {
        List<TopologySpreadConstraint> all = pod.getSpec().getTopologySpreadConstraints();
        if (all == null) {
            return List.of();
        }
        return all.stream().filter(c -> whenUnsatisfiable.equals(c.getWhenUnsatisfiable())).toList();
    }

    private static List<Constraint> hard(CycleState state) {
        return state.computeIfAbsent(STATE, s -> {
            List<Constraint> out = new ArrayList<>();
            for (TopologySpreadConstraint c : constraints(state.pod(), "DoNotSchedule")) {
                out.add(count(state, c));
            }
            return out;
        });
    }

    /** Matching pods per domain over the nodes the pod could go to (node affinity honoured, as upstream's default). */
    private static Constraint count(CycleState state, TopologySpreadConstraint c) {
        Pod pod = state.pod();
        Map<String, Integer> counts = new HashMap<>();
        for (NodeInfo n : state.cluster().nodes()) {
            String v = n.labels().get(c.getTopologyKey());
            if (v == null || !NodeAffinity.requiredMatches(pod, n.node())) {
                continue;
            }
            int matching = 0;
            for (Pod other : n.pods()) {
                if (other.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                        && other.getMetadata().getDeletionTimestamp() == null
                        && Matching.matches(c.getLabelSelector(), other.getMetadata().getLabels())) {
                    matching++;
                }
            }
            counts.merge(v, matching, Integer::sum);
        }
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        if (c.getMinDomains() != null && counts.size() < c.getMinDomains()) {
            min = 0; // too few domains: the global minimum counts as zero
        }
        boolean self = Matching.matches(c.getLabelSelector(), pod.getMetadata().getLabels());
        return new Constraint(c, counts, min, self);
    }

    @Override
    public Status preFilter(CycleState state) {
        return hard(state).isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status preScore(CycleState state) {
        Pod pod = state.pod();
        if (!constraints(pod, "ScheduleAnyway").isEmpty()) {
            return Status.SUCCESS;
        }
        boolean ownConstraints = pod.getSpec().getTopologySpreadConstraints() != null
                && !pod.getSpec().getTopologySpreadConstraints().isEmpty();
        // Only hard constraints, or no controller to spread by default: every node scores 0.
        return ownConstraints || ClusterCache.controllerUid(pod) == null ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        for (Constraint c : hard(state)) {
            String v = node.labels().get(c.spec().getTopologyKey());
            if (v == null) {
                return Status.unresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
            }
            int skew = c.counts().getOrDefault(v, 0) + (c.selfMatch() ? 1 : 0) - c.minCount();
            if (skew > c.spec().getMaxSkew()) {
                return Status.unschedulable("node(s) didn't match pod topology spread constraints");
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        Pod pod = state.pod();
        List<TopologySpreadConstraint> soft = state.computeIfAbsent(STATE + "/softSpecs", s -> constraints(pod, "ScheduleAnyway"));
        if (!soft.isEmpty()) {
            Map<TopologySpreadConstraint, Constraint> counted = state.computeIfAbsent(STATE + "/soft", s -> {
                Map<TopologySpreadConstraint, Constraint> m = new HashMap<>();
                soft.forEach(c -> m.put(c, count(state, c)));
                return m;
            });
            long sum = 0;
            for (Constraint c : counted.values()) {
                sum += c.counts().getOrDefault(node.labels().get(c.spec().getTopologyKey()), 0);
            }
            return sum;
        }
        if (pod.getSpec().getTopologySpreadConstraints() != null && !pod.getSpec().getTopologySpreadConstraints().isEmpty()) {
            return 0;
        }
        // System default spreading: pods of the same controller, per node and (weighted less) per zone.
        String owner = ClusterCache.controllerUid(pod);
        if (owner == null) {
            return 0;
        }
        Map<String, Integer> perNode = state.cluster().ownerPodsPerNode(owner);
        long onNode = perNode.getOrDefault(node.name(), 0);
        String zone = node.labels().get(ZONE);
        if (zone == null) {
            return onNode * 3;
        }
        Map<String, Integer> perZone = state.computeIfAbsent(STATE + "/zones", s -> {
            Map<String, Integer> z = new HashMap<>();
            perNode.forEach((name, n) -> {
                NodeInfo info = state.cluster().node(name);
                String zz = info == null ? null : info.labels().get(ZONE);
                if (zz != null) {
                    z.merge(zz, n, Integer::sum);
                }
            });
            return z;
        });
        return onNode * 3 + perZone.getOrDefault(zone, 0);
    }

    @Override
    public void normalize(CycleState state, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.scaleToMax(scores, true); // fewer matching pods is better
    }
}
