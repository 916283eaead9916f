package dev.kube4j.scheduler;

import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.ScorePlugin;
import dev.kube4j.scheduler.plugins.BalancedAllocation;
import dev.kube4j.scheduler.plugins.ImageLocality;
import dev.kube4j.scheduler.plugins.InterPodAffinity;
import dev.kube4j.scheduler.plugins.NodeAffinity;
import dev.kube4j.scheduler.plugins.NodeName;
import dev.kube4j.scheduler.plugins.NodePorts;
import dev.kube4j.scheduler.plugins.NodeResourcesFit;
import dev.kube4j.scheduler.plugins.NodeUnschedulable;
import dev.kube4j.scheduler.plugins.PodTopologySpread;
import dev.kube4j.scheduler.plugins.TaintToleration;
import dev.kube4j.scheduler.plugins.VolumeBinding;

import java.util.List;

/** The plugins of a scheduling profile, in upstream's default order and with its default weights. */
record Profile(List<FilterPlugin> filters, List<ScorePlugin> scores, VolumeBinding volumes) {

    static Profile defaults(VolumeBinding volumes) {
        NodeResourcesFit fit = new NodeResourcesFit();
        NodeAffinity affinity = new NodeAffinity();
        TaintToleration taints = new TaintToleration();
        InterPodAffinity podAffinity = new InterPodAffinity();
        PodTopologySpread spread = new PodTopologySpread();
        return new Profile(
                List.of(new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), fit, volumes, podAffinity, spread),
                List.of(taints, affinity, fit, new BalancedAllocation(), new ImageLocality(), podAffinity, spread), volumes);
    }
}
