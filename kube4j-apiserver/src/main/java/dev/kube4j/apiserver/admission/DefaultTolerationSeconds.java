package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream's DefaultTolerationSeconds: a new pod that does not tolerate the
 * {@code node.kubernetes.io/not-ready} and {@code node.kubernetes.io/unreachable} NoExecute taints
 * gets tolerations for them with {@code tolerationSeconds} (300 s by default), so the node
 * lifecycle controller evicts it that long after its node is lost.
 */
public final class DefaultTolerationSeconds implements AdmissionPlugin {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private final long notReadySeconds;
    private final long unreachableSeconds;

    public DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds) {
        this.notReadySeconds = notReadySeconds;
        this.unreachableSeconds = unreachableSeconds;
    }

    @Override
    public void admit(AdmissionRequest r) {
        var def = r.resource().def();
        if (r.operation() != AdmissionRequest.Operation.CREATE || !def.group().isEmpty() || !def.plural().equals("pods")
                || !r.subresource().isEmpty()) {
            return;
        }
        JsonNode specNode = r.object().get("spec");
        if (!(specNode instanceof ObjectNode spec)) {
            return;
        }
        JsonNode existing = spec.get("tolerations");
        ArrayNode tolerations = existing instanceof ArrayNode a ? a : spec.putArray("tolerations");
        addUnlessTolerated(tolerations, NOT_READY, notReadySeconds);
        addUnlessTolerated(tolerations, UNREACHABLE, unreachableSeconds);
    }

    private static void addUnlessTolerated(ArrayNode tolerations, String key, long seconds) {
        for (JsonNode t : tolerations) {
            String effect = t.path("effect").asText("");
            String tKey = t.path("key").asText("");
            boolean exists = t.path("operator").asText("").equals("Exists");
            boolean effectOk = effect.isEmpty() || effect.equals("NoExecute");
            if (effectOk && (tKey.equals(key) || (tKey.isEmpty() && exists))) {
                return;
            }
        }
        ObjectNode t = tolerations.addObject();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", "NoExecute");
        t.put("tolerationSeconds", seconds);
    }
}
