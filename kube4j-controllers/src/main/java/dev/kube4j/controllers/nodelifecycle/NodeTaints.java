package dev.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The taints a node's Ready condition calls for (upstream's TaintNodesByCondition and taint-based
 * evictions): not-ready when False, unreachable when Unknown, each as NoSchedule and NoExecute.
 */
final class NodeTaints {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    private static final Set<String> MANAGED = Set.of(NOT_READY, UNREACHABLE);

    private NodeTaints() {
    }

    static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return "Unknown";
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return Objects.requireNonNullElse(c.getStatus(), "Unknown");
            }
        }
        return "Unknown";
    }

    /** The node's taints with ours brought in line with its Ready status; null when nothing changes. */
    static List<Taint> desired(Node node) {
        String ready = readyStatus(node);
        String wanted = switch (ready) {
            case "False" -> NOT_READY;
            case "True" -> null;
            default -> UNREACHABLE;
        };
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> out = new ArrayList<>();
        boolean hasNoSchedule = false;
        boolean hasNoExecute = false;
        for (Taint t : current) {
            if (!MANAGED.contains(t.getKey())) {
                out.add(t);
            } else if (t.getKey().equals(wanted)) {
                out.add(t);
                hasNoSchedule |= "NoSchedule".equals(t.getEffect());
                hasNoExecute |= "NoExecute".equals(t.getEffect());
            }
        }
        if (wanted != null) {
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            if (!hasNoSchedule) {
                out.add(new Taint("NoSchedule", wanted, null, null));
            }
            if (!hasNoExecute) {
                out.add(new Taint("NoExecute", wanted, now, null));
            }
        }
        return out.equals(current) ? null : out;
    }
}
