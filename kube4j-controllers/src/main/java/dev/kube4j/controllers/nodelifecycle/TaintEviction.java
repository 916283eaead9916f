package dev.kube4j.controllers.nodelifecycle;

import dev.kube4j.controllers.core.Tolerations;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Upstream's taint eviction (NoExecuteTaintManager) decision for one pod: evict at once if a
 * NoExecute taint is not tolerated; otherwise when the shortest tolerationSeconds among the
 * tolerations of its NoExecute taints has passed since the taint was added; never if every such
 * toleration is unbounded.
 */
final class TaintEviction {

    private TaintEviction() {
    }

    /** When to evict the pod: null never, else an instant (possibly already past). */
    static Instant evictAt(Pod pod, Node node, Instant now) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        Instant at = null;
        for (Taint t : taints) {
            if (!"NoExecute".equals(t.getEffect())) {
                continue;
            }
            Long shortest = null; // among bounded tolerations; unbounded ones alone tolerate forever
            boolean tolerated = false;
            for (Toleration tol : tolerations) {
                if (Tolerations.tolerates(tol, t)) {
                    tolerated = true;
                    if (tol.getTolerationSeconds() != null) {
                        shortest = shortest == null ? tol.getTolerationSeconds() : Math.min(shortest, tol.getTolerationSeconds());
                    }
                }
            }
            if (!tolerated) {
                return now;
            }
            if (shortest != null) {
                Instant added = t.getTimeAdded() == null ? now : Instant.parse(t.getTimeAdded());
                Instant due = added.plus(Duration.ofSeconds(Math.max(0, shortest)));
                at = at == null || due.isBefore(at) ? due : at;
            }
        }
        return at;
    }
}
