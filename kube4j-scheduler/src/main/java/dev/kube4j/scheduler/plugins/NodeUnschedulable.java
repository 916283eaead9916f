package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Taint;

/** A cordoned node (spec.unschedulable) takes only pods tolerating node.kubernetes.io/unschedulable. */
public final class NodeUnschedulable implements FilterPlugin {

    static final Taint UNSCHEDULABLE = new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null);

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        if (!node.unschedulable() || Matching.toleratedByAny(state.pod().getSpec().getTolerations(), UNSCHEDULABLE)) {
            return Status.SUCCESS;
        }
        return Status.unresolvable("node(s) were unschedulable");
    }
}
