package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.admission.AdmissionRequest.Operation;

import java.util.Comparator;
import java.util.List;

/**
 * Upstream's DefaultStorageClass: a new PersistentVolumeClaim that names no class (neither
 * {@code spec.storageClassName}, not even "", nor the beta annotation) gets the class annotated
 * {@code storageclass.kubernetes.io/is-default-class: "true"}; with several, the newest one
 * (then the first by name), as upstream since 1.26.
 */
public final class DefaultStorageClass implements AdmissionPlugin {

    static final String IS_DEFAULT = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_IS_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
    static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

    private final AdmissionLookup lookup;

    public DefaultStorageClass(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public void admit(AdmissionRequest r) {
        if (!r.is(Operation.CREATE, "", "persistentvolumeclaims")) {
            return;
        }
        ObjectNode pvc = r.object();
        if (pvc.path("spec").has("storageClassName") && !pvc.path("spec").get("storageClassName").isNull()
                || pvc.path("metadata").path("annotations").has(BETA_CLASS)) {
            return;
        }
        List<ObjectNode> defaults = lookup.list("storage.k8s.io", "storageclasses", "").stream()
                .filter(DefaultStorageClass::isDefault)
                .sorted(Comparator.comparing((ObjectNode sc) -> sc.path("metadata").path("creationTimestamp").asText()).reversed()
                        .thenComparing(sc -> sc.path("metadata").path("name").asText()))
                .toList();
        if (!defaults.isEmpty()) {
            pvc.with("spec").put("storageClassName", defaults.getFirst().path("metadata").path("name").asText());
        }
    }

    static boolean isDefault(JsonNode sc) {
        JsonNode a = sc.path("metadata").path("annotations");
        return "true".equals(a.path(IS_DEFAULT).asText()) || "true".equals(a.path(BETA_IS_DEFAULT).asText());
    }
}
