package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required pod affinity and anti-affinity by topology key, the anti-affinity of pods already placed
 * (filter), and preferred affinity/anti-affinity weights (score): upstream's InterPodAffinity.
 * The counts by topology value are computed once per pod in the cycle, not once per node.
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {

    private static final String STATE = "InterPodAffinity/state";

    @Override
    public String name() {
        return "InterPodAffinity";
    }

    @Override
    public int weight() {
        return 2;
    }

    /** Matching pods per term, as "topologyKey=value" → count. */
    private record Counts(List<Map<String, Integer>> affinity, List<Map<String, Integer>> antiAffinity,
                          Map<String, Integer> existingAnti, boolean anyAffinityMatch, Map<String, Long> preferred) {
    }

    private static List<PodAffinityTerm> required(Affinity a, boolean anti) {
        if (a == null) {
            return List.of();
        }
        List<PodAffinityTerm> t = anti
                ? (a.getPodAntiAffinity() == null ? null : a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                : (a.getPodAffinity() == null ? null : a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        return t == null ? List.of() : t;
    }

    private static List<WeightedPodAffinityTerm> preferred(Affinity a, boolean anti) {
        if (a == null) {
            return List.of();
        }
        List<WeightedPodAffinityTerm> t = anti
                ? (a.getPodAntiAffinity() == null ? null : a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                : (a.getPodAffinity() == null ? null : a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        return t == null ? List.of() : t;
    }

    /** Does {@code candidate} match {@code term} declared by a pod in {@code ownerNamespace}? */
    static boolean termMatches(PodAffinityTerm term, String ownerNamespace, Pod candidate) {
        String ns = candidate.getMetadata().getNamespace();
        boolean nsOk;
        if (term.getNamespaces() != null && !term.getNamespaces().isEmpty()) {
            nsOk = term.getNamespaces().contains(ns);
        } else if (term.getNamespaceSelector() != null) {
            // An empty namespaceSelector means every namespace; label-based ones need namespace labels,
            // which this scheduler does not watch: treat them as the owner's namespace.
            boolean empty = (term.getNamespaceSelector().getMatchLabels() == null || term.getNamespaceSelector().getMatchLabels().isEmpty())
                    && (term.getNamespaceSelector().getMatchExpressions() == null || term.getNamespaceSelector().getMatchExpressions().isEmpty());
            nsOk = empty || ns.equals(ownerNamespace);
        } else {
            nsOk = ns.equals(ownerNamespace);
        }
        return nsOk && Matching.matches(term.getLabelSelector(), candidate.getMetadata().getLabels());
    }

    private Counts counts(CycleState state) {
        return state.computeIfAbsent(STATE, s -> compute(s));
    }

    private static Counts compute(CycleState state) {
        Pod pod = state.pod();
        String ns = pod.getMetadata().getNamespace();
        Affinity a = pod.getSpec().getAffinity();
        List<PodAffinityTerm> aff = required(a, false);
        List<PodAffinityTerm> anti = required(a, true);
        List<WeightedPodAffinityTerm> prefAff = preferred(a, false);
        List<WeightedPodAffinityTerm> prefAnti = preferred(a, true);
        List<Map<String, Integer>> affCounts = new ArrayList<>();
        List<Map<String, Integer>> antiCounts = new ArrayList<>();
        aff.forEach(t -> affCounts.add(new HashMap<>()));
        anti.forEach(t -> antiCounts.add(new HashMap<>()));
        Map<String, Long> preferredScores = new HashMap<>();
        boolean anyMatch = false;
        boolean needsScan = !aff.isEmpty() || !anti.isEmpty() || !prefAff.isEmpty() || !prefAnti.isEmpty();
        if (needsScan) {
            for (NodeInfo n : state.cluster().nodes()) {
                for (Pod other : n.pods()) {
                    for (int i = 0; i < aff.size(); i++) {
                        if (termMatches(aff.get(i), ns, other)) {
                            anyMatch = true;
                            increment(affCounts.get(i), aff.get(i).getTopologyKey(), n);
                        }
                    }
                    for (int i = 0; i < anti.size(); i++) {
                        if (termMatches(anti.get(i), ns, other)) {
                            increment(antiCounts.get(i), anti.get(i).getTopologyKey(), n);
                        }
                    }
                    for (WeightedPodAffinityTerm w : prefAff) {
                        if (termMatches(w.getPodAffinityTerm(), ns, other)) {
                            addWeight(preferredScores, w.getPodAffinityTerm().getTopologyKey(), n, w.getWeight());
                        }
                    }
                    for (WeightedPodAffinityTerm w : prefAnti) {
                        if (termMatches(w.getPodAffinityTerm(), ns, other)) {
                            addWeight(preferredScores, w.getPodAffinityTerm().getTopologyKey(), n, -w.getWeight());
                        }
                    }
                }
            }
        }
        // Pods already placed whose required anti-affinity the incoming pod would violate.
        Map<String, Integer> existingAnti = new HashMap<>();
        for (Pod other : state.cluster().podsWithRequiredAntiAffinity()) {
            NodeInfo n = state.cluster().node(other.getSpec().getNodeName());
            if (n == null) {
                continue;
            }
            for (PodAffinityTerm t : required(other.getSpec().getAffinity(), true)) {
                if (termMatches(t, other.getMetadata().getNamespace(), pod)) {
                    increment(existingAnti, t.getTopologyKey(), n);
                }
            }
        }
        return new Counts(affCounts, antiCounts, existingAnti, anyMatch, preferredScores);
    }

    private static void increment(Map<String, Integer> counts, String topologyKey, NodeInfo n) {
        String v = n.labels().get(topologyKey);
        if (v != null) {
            counts.merge(topologyKey + "=" + v, 1, Integer::sum);
        }
    }

    private static void addWeight(Map<String, Long> scores, String topologyKey, NodeInfo n, long weight) {
        String v = n.labels().get(topologyKey);
        if (v != null) {
            scores.merge(topologyKey + "=" + v, weight, Long::sum);
        }
    }

    @Override
    public Status preFilter(CycleState state) {
        Affinity a = state.pod().getSpec().getAffinity();
        boolean nothingToCheck = required(a, false).isEmpty() && required(a, true).isEmpty()
                && counts(state).existingAnti().isEmpty();
        return nothingToCheck ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status preScore(CycleState state) {
        Affinity a = state.pod().getSpec().getAffinity();
        return preferred(a, false).isEmpty() && preferred(a, true).isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        Counts c = counts(state);
        Pod pod = state.pod();
        List<PodAffinityTerm> aff = required(pod.getSpec().getAffinity(), false);
        for (int i = 0; i < aff.size(); i++) {
            String key = aff.get(i).getTopologyKey();
            String v = node.labels().get(key);
            boolean satisfied = v != null && c.affinity().get(i).getOrDefault(key + "=" + v, 0) > 0;
            // The first pod of a group that matches its own affinity may go anywhere with the key.
            boolean selfMatch = !c.anyAffinityMatch() && aff.stream().allMatch(t -> termMatches(t, pod.getMetadata().getNamespace(), pod));
            if (!satisfied && !(selfMatch && v != null)) {
                return Status.unresolvable("node(s) didn't match pod affinity rules");
            }
        }
        List<PodAffinityTerm> anti = required(pod.getSpec().getAffinity(), true);
        for (int i = 0; i < anti.size(); i++) {
            String key = anti.get(i).getTopologyKey();
            String v = node.labels().get(key);
            if (v != null && c.antiAffinity().get(i).getOrDefault(key + "=" + v, 0) > 0) {
                return Status.unschedulable("node(s) didn't match pod anti-affinity rules");
            }
        }
        for (Map.Entry<String, Integer> e : c.existingAnti().entrySet()) {
            if (matchesNode(e.getKey(), node)) {
                return Status.unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");
            }
        }
        return Status.SUCCESS;
    }

    private static boolean matchesNode(String topologyPair, NodeInfo node) {
        int eq = topologyPair.indexOf('=');
        return topologyPair.substring(eq + 1).equals(node.labels().get(topologyPair.substring(0, eq)));
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        long sum = 0;
        for (Map.Entry<String, Long> e : counts(state).preferred().entrySet()) {
            if (matchesNode(e.getKey(), node)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.scaleMinMax(scores);
    }
}
