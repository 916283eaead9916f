package dev.kube4j.controllers.disruption;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A label selector's string form as upstream's labels.Selector prints it ({@code app=web,tier in (a,b)}), for events. */
final class SelectorText {

    private SelectorText() {
    }

    static String of(LabelSelector s) {
        if (s == null) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        if (s.getMatchLabels() != null) {
            new TreeMap<>(s.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
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
