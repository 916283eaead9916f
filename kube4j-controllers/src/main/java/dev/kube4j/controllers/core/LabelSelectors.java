package dev.kube4j.controllers.core;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * metav1.LabelSelectorAsSelector on fabric8's model: a null selector matches nothing, an empty
 * one everything.
 */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    public static boolean matches(LabelSelector s, Map<String, String> labels) {
        if (s == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (s.getMatchLabels() != null) {
            for (var e : s.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                String v = l.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && values.contains(v);
                    case "NotIn" -> v == null || !values.contains(v);
                    case "Exists" -> l.containsKey(r.getKey());
                    case "DoesNotExist" -> !l.containsKey(r.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The selector's string form ({@code app=web,tier in (a,b)}), for messages. */
    public static String toString(LabelSelector s) {
        if (s == null) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        if (s.getMatchLabels() != null) {
            new java.util.TreeMap<>(s.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                switch (r.getOperator()) {
                    case "In" -> parts.add(r.getKey() + " in (" + String.join(",", r.getValues()) + ")");
                    case "NotIn" -> parts.add(r.getKey() + " notin (" + String.join(",", r.getValues()) + ")");
                    case "Exists" -> parts.add(r.getKey());
                    default -> parts.add("!" + r.getKey());
                }
            }
        }
        return String.join(",", parts);
    }
}
