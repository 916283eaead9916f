package dev.kube4j.controllers.daemon;

import dev.kube4j.controllers.core.NodeSelectors;
import dev.kube4j.controllers.core.Tolerations;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.ArrayList;
import java.util.List;

/**
 * How a DaemonSet's pod is written and where it may run (upstream's daemon util and
 * nodeShouldRunDaemonPod): the template plus tolerations every daemon pod gets, a required node
 * affinity {@code matchFields metadata.name In [node]} that the scheduler honours, and the
 * controller's own simulation of the scheduler's NodeAffinity and TaintToleration filters.
 */
final class DaemonPods {

    private DaemonPods() {
    }

    /** Whether a new pod should go to the node, and whether an existing one may stay there. */
    record Eligibility(boolean shouldRun, boolean shouldContinueRunning) {
    }

    /** Upstream's AddOrUpdateDaemonPodTolerations. */
    static List<Toleration> withDaemonTolerations(PodSpec spec) {
        List<Toleration> out = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        add(out, "node.kubernetes.io/not-ready", "NoExecute");
        add(out, "node.kubernetes.io/unreachable", "NoExecute");
        add(out, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(out, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(out, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(out, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            add(out, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        return out;
    }

    private static void add(List<Toleration> tolerations, String key, String effect) {
        Toleration t = new Toleration(effect, key, "Exists", null, null);
        tolerations.removeIf(o -> key.equals(o.getKey()) && effect.equals(o.getEffect()));
        tolerations.add(t);
    }

    /** The template's node constraints and the tolerations a daemon pod would have, against the node. */
    static Eligibility eligibility(PodSpec template, Node node) {
        String nodeName = template.getNodeName();
        boolean fitsName = nodeName == null || nodeName.isEmpty() || nodeName.equals(node.getMetadata().getName());
        boolean fitsAffinity = NodeSelectors.requiredMatches(template, node);
        if (!fitsName || !fitsAffinity) {
            return new Eligibility(false, false);
        }
        List<Toleration> tolerations = withDaemonTolerations(template);
        boolean schedulable = true;
        boolean keep = true;
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        for (Taint t : taints) {
            boolean hard = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
            if (hard && !Tolerations.toleratedByAny(tolerations, t)) {
                schedulable = false;
                keep &= !"NoExecute".equals(t.getEffect());
            }
        }
        return new Eligibility(schedulable, keep);
    }

    /** Upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become "this node". */
    static Affinity pinnedTo(Affinity affinity, String nodeName) {
        Affinity a = affinity == null ? new Affinity() : affinity;
        NodeAffinity na = a.getNodeAffinity() == null ? new NodeAffinity() : a.getNodeAffinity();
        na.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelectorBuilder().addNewNodeSelectorTerm()
                .withMatchFields(new NodeSelectorRequirement("metadata.name", "In", List.of(nodeName))).endNodeSelectorTerm().build());
        a.setNodeAffinity(na);
        return a;
    }

    /** The node a daemon pod is for: its nodeName once bound, else its matchFields pin. */
    static String targetNode(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        Affinity a = pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return "";
        }
        for (var term : a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null && r.getValues().size() == 1) {
                    return r.getValues().getFirst();
                }
            }
        }
        return "";
    }
}
