package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.Status;

/** A pod that names a node (spec.nodeName set by a client) fits only there. */
public final class NodeName implements FilterPlugin {

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public Status preFilter(CycleState state) {
        String wanted = state.pod().getSpec().getNodeName();
        return wanted == null || wanted.isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        String wanted = state.pod().getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
            return Status.SUCCESS;
        }
        return Status.unresolvable("node(s) didn't match the requested node name");
    }
}
