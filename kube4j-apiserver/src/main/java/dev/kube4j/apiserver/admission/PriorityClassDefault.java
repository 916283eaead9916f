package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.errors.ApiException;

import java.util.List;
import java.util.function.Supplier;

/**
 * Upstream's Priority admission, for priority classes: only one class may be the global default.
 * (Like upstream it reads the existing classes, so two concurrent creates can both pass.)
 */
public final class PriorityClassDefault implements AdmissionPlugin {

    private final Supplier<List<JsonNode>> existing;

    /** @param existing the stored priority classes */
    public PriorityClassDefault(Supplier<List<JsonNode>> existing) {
        this.existing = existing;
    }

    @Override
    public void admit(AdmissionRequest r) {
        if (!r.resource().group().equals("scheduling.k8s.io") || !r.resource().plural().equals("priorityclasses")
                || r.operation() == AdmissionRequest.Operation.DELETE || !r.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        for (JsonNode pc : existing.get()) {
            String name = pc.path("metadata").path("name").asText();
            if (pc.path("globalDefault").asBoolean(false) && !name.equals(r.name())) {
                throw ApiException.forbidden("scheduling.k8s.io", "priorityclasses", r.name(),
                        "PriorityClass " + name + " is already marked as default. Only one default can exist");
            }
        }
    }
}
