package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions: upstream's defaults (singular, listKind,
 * conversion None), validation, immutable scope, the initial status (storedVersions), and the
 * cleanup finalizer plus Terminating condition put on by the first delete.
 */
public final class CrdStrategy extends KindStrategy {

    public CrdStrategy() {
        super(false, (name, prefix) -> List.of());
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        if (!(obj.get("spec") instanceof ObjectNode spec) || !(spec.get("names") instanceof ObjectNode names)) {
            return; // validation reports the missing or malformed fields
        }
        String kind = names.path("kind").asText("");
        if (names.path("singular").asText("").isEmpty() && !kind.isEmpty()) {
            names.put("singular", kind.toLowerCase());
        }
        if (names.path("listKind").asText("").isEmpty() && !kind.isEmpty()) {
            names.put("listKind", kind + "List");
        }
        if (!spec.path("conversion").isObject()) {
            spec.putObject("conversion").put("strategy", "None");
        }
        for (JsonNode c : spec.path("versions")) {
            for (JsonNode col : c.path("additionalPrinterColumns")) {
                if (col instanceof ObjectNode column) {
                    column.put("priority", col.path("priority").asInt(0));
                }
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.putObject("acceptedNames").put("plural", "").put("kind", "");
        status.putArray("conditions");
        ArrayNode stored = status.putArray("storedVersions");
        for (JsonNode v : obj.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                stored.add(v.path("name").asText());
            }
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        // A new storage version joins status.storedVersions, as upstream's strategy does.
        if (!(obj.path("status") instanceof ObjectNode status) || !(status.path("storedVersions") instanceof ArrayNode stored)) {
            return;
        }
        for (JsonNode v : obj.path("spec").path("versions")) {
            String name = v.path("name").asText();
            boolean known = false;
            for (JsonNode s : stored) {
                known |= s.asText().equals(name);
            }
            if (v.path("storage").asBoolean(false) && !known) {
                stored.add(name);
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(GenericMetadata.validate(obj, false,
                (name, prefix) -> CrdValidation.nameErrors(name, obj)));
        errs.addAll(CrdValidation.validateSpec(obj.path("spec")));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(GenericMetadata.validateUpdate(obj, old));
        errs.addAll(CrdValidation.validateSpec(obj.path("spec")));
        if (old.path("spec").has("scope")) {
            errs.addAll(ObjectMetaValidation.validateImmutable(obj.path("spec").path("scope"), old.path("spec").path("scope"),
                    Path.of("spec", "scope"), obj.path("spec").path("scope")));
        }
        return errs;
    }

    /**
     * The first delete keeps the CRD with the cleanup finalizer and a Terminating condition, so
     * that its custom resources are deleted before it goes (upstream's CRD REST Delete).
     */
    @Override
    public void beginDeletion(ObjectNode obj) {
        ArrayNode finalizers = obj.with("metadata").withArray("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
            present |= f.asText().equals(CrdSpec.CLEANUP_FINALIZER);
        }
        if (!present) {
            finalizers.add(CrdSpec.CLEANUP_FINALIZER);
        }
        setCondition(obj, "Terminating", "True", "InstanceDeletionPending",
                "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon");
    }

    /** Sets a status condition, keeping its lastTransitionTime when the status does not change. */
    public static void setCondition(ObjectNode crd, String type, String status, String reason, String message) {
        ArrayNode conditions = crd.with("status").withArray("conditions");
        ObjectNode existing = null;
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals(type)) {
                existing = (ObjectNode) c;
            }
        }
        if (existing == null) {
            existing = conditions.addObject();
            existing.put("type", type);
        }
        if (!existing.path("status").asText().equals(status) || !existing.has("lastTransitionTime")) {
            existing.put("lastTransitionTime", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        existing.put("status", status);
        existing.put("reason", reason);
        existing.put("message", message);
    }
}
