package dev.kube4j.controllers.core;

import dev.kube4j.controllers.runtime.Selectors;
import io.fabric8.kubernetes.api.model.LabelSelector;

import java.util.Map;

/** Upstream's metav1.LabelSelector matching, shared by the scheduler and the workload controllers. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** A null selector selects nothing, an empty one everything (one implementation: {@link Selectors}). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return Selectors.matches(selector, labels);
    }
}
