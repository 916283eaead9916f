package dev.kube4j.scheduler.plugins;

import dev.kube4j.controllers.core.LabelSelectors;
import dev.kube4j.controllers.core.NodeSelectors;
import dev.kube4j.controllers.core.Tolerations;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * Upstream's matching rules for label selectors, node selector terms and taint tolerations; the
 * rules themselves live in {@code kube4j-controllers} {@code core}, which the DaemonSet controller shares.
 */
public final class Matching {

    private Matching() {
    }

    /** A metav1.LabelSelector; null selects nothing, an empty one selects everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return LabelSelectors.matches(selector, labels);
    }

    /** Node selector terms are ORed; an empty list matches nothing. */
    public static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, Node node) {
        return NodeSelectors.matchesAnyTerm(terms, node);
    }

    /** A term's requirements are ANDed; a term with none matches nothing (as upstream). */
    public static boolean matchesTerm(NodeSelectorTerm term, Node node) {
        return NodeSelectors.matchesTerm(term, node);
    }

    public static boolean tolerates(Toleration t, Taint taint) {
        return Tolerations.tolerates(t, taint);
    }

    public static boolean toleratedByAny(List<Toleration> tolerations, Taint taint) {
        return Tolerations.toleratedByAny(tolerations, taint);
    }
}
