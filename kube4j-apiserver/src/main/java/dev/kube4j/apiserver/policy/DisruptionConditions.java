package dev.kube4j.apiserver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ObjectMetaOps;

/** A PodDisruptionBudget's {@code DisruptionAllowed} condition, as upstream's pdb helper words it. */
final class DisruptionConditions {

    private DisruptionConditions() {
    }

    static void setAllowed(ObjectNode status, boolean allowed) {
        ArrayNode conditions = status.withArray("conditions");
        ObjectNode c = null;
        for (JsonNode existing : conditions) {
            if (existing.path("type").asText().equals("DisruptionAllowed")) {
                c = (ObjectNode) existing;
            }
        }
        String value = allowed ? "True" : "False";
        if (c == null) {
            c = conditions.addObject();
            c.put("type", "DisruptionAllowed");
        }
        if (!value.equals(c.path("status").asText())) {
            c.put("lastTransitionTime", ObjectMetaOps.now());
        }
        c.put("status", value);
        c.put("reason", allowed ? "SufficientPods" : "InsufficientPods");
        c.put("message", "");
        c.put("observedGeneration", status.path("observedGeneration").asLong(0));
    }
}
