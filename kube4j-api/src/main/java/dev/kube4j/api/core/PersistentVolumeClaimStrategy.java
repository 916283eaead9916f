package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Resources;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/** core/v1 persistentvolumeclaims. */
public class PersistentVolumeClaimStrategy extends KindStrategy {

    public PersistentVolumeClaimStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        PodSpecs.defaultPvcSpec(objOrCreate(obj, "spec"));
        putIfEmpty(objOrCreate(obj, "status"), "phase", "Pending");
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").put("phase", "Pending");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return validateClaimSpec(obj(obj, "spec"), Path.of("spec"));
    }

    /** ValidatePersistentVolumeClaimSpec. */
    public static List<FieldError> validateClaimSpec(JsonNode spec, Path path) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> modes = elements(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required(path.child("accessModes").toString(), "at least 1 access mode is required"));
        }
        if (spec != null && spec.hasNonNull("selector")) {
            errs.addAll(ObjectMetaValidation.validateLabelSelector(spec.get("selector"), path.child("selector"), false));
        }
        PersistentVolumeStrategy.validateAccessModes(modes, path.child("accessModes"), errs);
        Path storagePath = path.child("resources").key("storage");
        JsonNode requests = obj(obj(spec, "resources"), "requests");
        JsonNode storage = requests == null ? null : requests.get("storage");
        if (storage == null || storage.isNull()) {
            errs.add(FieldError.required(storagePath.toString(), ""));
        } else {
            Quantity q = Resources.parse(storage, storagePath, errs);
            if (q != null && q.signum() <= 0) {
                errs.add(FieldError.invalid(storagePath.toString(), q.toString(), "must be greater than zero"));
            }
        }
        String sc = str(spec, "storageClassName");
        if (!sc.isEmpty()) {
            for (String m : Validators.isDNS1123Subdomain(sc)) {
                errs.add(FieldError.invalid(path.child("storageClassName").toString(), sc, m));
            }
        }
        PersistentVolumeStrategy.validateVolumeMode(spec, path, errs);
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        ObjectNode newSpec = obj(obj, "spec") == null ? obj.objectNode() : obj(obj, "spec").deepCopy();
        ObjectNode oldSpec = obj(old, "spec") == null ? obj.objectNode() : obj(old, "spec").deepCopy();
        if (str(oldSpec, "volumeName").isEmpty()) {
            if (newSpec.has("volumeName")) {
                oldSpec.set("volumeName", newSpec.get("volumeName").deepCopy());
            }
        }
        boolean bound = str(obj(obj, "status"), "phase").equals("Bound");
        if (bound) {
            ObjectNode nr = obj(obj(newSpec, "resources"), "requests");
            ObjectNode or = obj(obj(oldSpec, "resources"), "requests");
            if (nr != null) {
                if (or != null && or.has("storage")) {
                    nr.set("storage", or.get("storage").deepCopy());
                } else {
                    nr.remove("storage");
                }
            }
            newSpec.set("volumeAttributesClassName", oldSpec.get("volumeAttributesClassName"));
        }
        if (!ObjectMetaValidation.semanticEquals(newSpec, oldSpec)) {
            errs.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n"
                    + PodStrategy.specDiff(oldSpec, newSpec).replace("core.PodSpec", "core.PersistentVolumeClaimSpec")));
        }
        Quantity oldSize = Resources.quantity(obj(obj(obj(old, "spec"), "resources"), "requests"), "storage");
        Quantity newSize = Resources.quantity(obj(obj(obj(obj, "spec"), "resources"), "requests"), "storage");
        if (oldSize != null && newSize != null && newSize.compareTo(oldSize) < 0) {
            Quantity statusSize = Resources.quantity(obj(obj(old, "status"), "capacity"), "storage");
            if (statusSize == null || newSize.compareTo(statusSize) <= 0) {
                errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
            }
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
                Tables.col("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
                Tables.col("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
                Tables.col("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."),
                Tables.col("StorageClass", "string", "StorageClass of the pvc"),
                Tables.col("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
                Tables.age(),
                Tables.wide("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        String phase = Tables.deleting(obj) ? "Terminating" : str(status, "phase");
        String capacity = "";
        String modes = "";
        String volumeName = str(spec, "volumeName");
        if (!volumeName.isEmpty()) {
            modes = PersistentVolumeStrategy.accessModes(strings(status, "accessModes"));
            Quantity q = Resources.quantity(obj(status, "capacity"), "storage");
            capacity = q == null ? "0" : q.toString();
        }
        String vac = spec != null && spec.hasNonNull("volumeAttributesClassName") ? str(spec, "volumeAttributesClassName") : "<unset>";
        String mode = spec != null && spec.hasNonNull("volumeMode") ? str(spec, "volumeMode") : "<unset>";
        return List.of(Tables.name(obj), phase, volumeName, capacity, modes, PersistentVolumeStrategy.storageClass(obj),
                vac, Tables.age(obj), mode);
    }
}
