package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;

/**
 * NoSchedule and NoExecute taints must be tolerated (filter); the fewer untolerated
 * PreferNoSchedule taints, the better (score).
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public int weight() {
        return 3;
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        List<Taint> taints = node.taints();
        List<Toleration> tolerations = state.pod().getSpec().getTolerations();
        for (Taint t : taints) {
            boolean hard = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
            if (hard && !Matching.toleratedByAny(tolerations, t)) {
                return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                        + (t.getValue() == null ? "" : t.getValue()) + "}");
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        long untolerated = 0;
        for (Taint t : node.taints()) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !Matching.toleratedByAny(state.pod().getSpec().getTolerations(), t)) {
                untolerated++;
            }
        }
        return untolerated;
    }

    @Override
    public void normalize(CycleState state, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.scaleToMax(scores, true);
    }
}
