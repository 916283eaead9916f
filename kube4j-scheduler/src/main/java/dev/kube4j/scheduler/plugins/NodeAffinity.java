package dev.kube4j.scheduler.plugins;

import dev.kube4j.controllers.core.NodeSelectors;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;

import java.util.List;

/**
 * nodeSelector and required node affinity (filter), preferred node affinity (score): upstream's
 * NodeAffinity plugin.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public int weight() {
        return 2;
    }

    @Override
    public Status preFilter(CycleState state) {
        var spec = state.pod().getSpec();
        boolean selector = spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty();
        Affinity a = spec.getAffinity();
        boolean required = a != null && a.getNodeAffinity() != null
                && a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null;
        return selector || required ? Status.SUCCESS : Status.SKIP;
    }

    @Override
    public Status preScore(CycleState state) {
        Affinity a = state.pod().getSpec().getAffinity();
        List<PreferredSchedulingTerm> preferred = a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        return preferred == null || preferred.isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        return requiredMatches(state.pod(), node.node()) ? Status.SUCCESS
                : Status.unresolvable("node(s) didn't match Pod's node affinity/selector");
    }

    /** Both the nodeSelector map and the required terms must match (also used by PodTopologySpread). */
    public static boolean requiredMatches(Pod pod, Node node) {
        return NodeSelectors.requiredMatches(pod.getSpec(), node);
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        Affinity a = state.pod().getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null) {
            return 0;
        }
        List<PreferredSchedulingTerm> preferred = a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        long sum = 0;
        if (preferred != null) {
            for (PreferredSchedulingTerm t : preferred) {
                if (t.getWeight() != null && t.getWeight() != 0 && Matching.matchesTerm(t.getPreference(), node.node())) {
                    sum += t.getWeight();
                }
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.scaleToMax(scores, false);
    }
}
