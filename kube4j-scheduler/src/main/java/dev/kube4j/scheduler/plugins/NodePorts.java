package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;

/** A hostPort can be used once per node, protocol and host IP (0.0.0.0 conflicts with every IP). */
public final class NodePorts implements FilterPlugin {

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public Status preFilter(CycleState state) {
        for (Container c : state.pod().getSpec().getContainers()) {
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getHostPort() != null && p.getHostPort() > 0) {
                        return Status.SUCCESS;
                    }
                }
            }
        }
        return Status.SKIP; // no host ports: nothing can conflict
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        for (Container c : state.pod().getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0
                        && node.hostPortInUse(p.getProtocol() == null ? "TCP" : p.getProtocol(), p.getHostIP(), p.getHostPort())) {
                    return Status.unschedulable("node(s) didn't have free ports for the requested pod ports");
                }
            }
        }
        return Status.SUCCESS;
    }
}
