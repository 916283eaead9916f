package dev.kube4j.scheduler.plugins;

import dev.kube4j.controllers.core.Tolerations;
import dev.kube4j.controllers.runtime.Selectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/** Upstream's matching rules for label selectors, node selector terms and taint tolerations. */
public final class Matching {

    private Matching() {
    }

    /** A metav1.LabelSelector; null selects nothing, an empty one selects everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return Selectors.matches(selector, labels);
    }

    /** Node selector terms are ORed; an empty list matches nothing. */
    public static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, Node node) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm t : terms) {
            if (matchesTerm(t, node)) {
                return true;
            }
        }
        return false;
    }

    /** A term's requirements are ANDed; a term with none matches nothing (as upstream). */
    public static boolean matchesTerm(NodeSelectorTerm term, Node node) {
        boolean none = (term.getMatchExpressions() == null || term.getMatchExpressions().isEmpty())
                && (term.getMatchFields() == null || term.getMatchFields().isEmpty());
        if (none) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (term.getMatchExpressions() != null) {
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                if (!matchesRequirement(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
                    return false;
                }
            }
        }
        if (term.getMatchFields() != null) {
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                String v = r.getKey().equals("metadata.name") ? node.getMetadata().getName() : null;
                if (!matchesRequirement(r, v, v != null)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean matchesRequirement(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt", "Lt" -> present && values.size() == 1 && compareInts(value, values.getFirst(), r.getOperator());
            default -> false;
        };
    }

    private static boolean compareInts(String value, String bound, String op) {
        try {
            long v = Long.parseLong(value);
            long b = Long.parseLong(bound);
            return op.equals("Gt") ? v > b : v < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static boolean tolerates(Toleration t, Taint taint) {
        return Tolerations.tolerates(t, taint);
    }

    public static boolean toleratedByAny(List<Toleration> tolerations, Taint taint) {
        return Tolerations.toleratedByAny(tolerations, taint);
    }
}
