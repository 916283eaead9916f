package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Resources;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/** core/v1 persistentvolumes. */
public class PersistentVolumeStrategy extends KindStrategy {

    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    static final List<String> PV_SOURCES = List.of("gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs",
            "rbd", "iscsi", "cinder", "cephfs", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume", "quobyte",
            "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi");

    public PersistentVolumeStrategy() {
        super(false, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        putIfEmpty(spec, "persistentVolumeReclaimPolicy", "Retain");
        putIfAbsent(spec, "volumeMode", "Filesystem");
        Resources.canonicalize(obj(spec, "capacity"));
        putIfAbsent(obj(spec, "hostPath"), "type", "");
        ObjectNode status = objOrCreate(obj, "status");
        putIfEmpty(status, "phase", "Pending");
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Pending");
        status.put("lastPhaseTransitionTime", HumanDuration.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        List<JsonNode> modes = elements(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required(sp.child("accessModes").toString(), "must specify at least 1 access mode"));
        }
        validateAccessModes(modes, sp.child("accessModes"), errs);
        ObjectNode capacity = obj(spec, "capacity");
        if (capacity == null || capacity.isEmpty()) {
            errs.add(FieldError.required(sp.child("capacity").toString(), ""));
        } else {
            if (!capacity.has("storage") || capacity.size() > 1) {
                errs.add(FieldError.notSupported(sp.child("capacity").toString(), GoValue.struct("core.ResourceList", capacity), List.of("storage")));
            }
            for (var e : capacity.properties()) {
                errs.addAll(Resources.validateQuantity(e.getKey(), e.getValue(), sp.child("capacity").key(e.getKey())));
            }
        }
        String policy = str(spec, "persistentVolumeReclaimPolicy");
        if (!policy.isEmpty() && !List.of("Delete", "Recycle", "Retain").contains(policy)) {
            errs.add(FieldError.notSupported(sp.child("persistentVolumeReclaimPolicy").toString(), policy, List.of("Delete", "Recycle", "Retain")));
        }
        int n = 0;
        for (String s : PV_SOURCES) {
            if (spec != null && spec.hasNonNull(s)) {
                if (n > 0) {
                    errs.add(FieldError.forbidden(sp.child(s).toString(), "may not specify more than 1 volume type"));
                }
                n++;
            }
        }
        if (n == 0) {
            errs.add(FieldError.required(sp.toString(), "must specify a volume type"));
        }
        ObjectNode hostPath = obj(spec, "hostPath");
        if (hostPath != null && str(hostPath, "path").isEmpty()) {
            errs.add(FieldError.required(sp.child("hostPath", "path").toString(), ""));
        }
        String sc = str(spec, "storageClassName");
        if (!sc.isEmpty()) {
            for (String m : Validators.isDNS1123Subdomain(sc)) {
                errs.add(FieldError.invalid(sp.child("storageClassName").toString(), sc, m));
            }
        }
        validateVolumeMode(spec, sp, errs);
        return errs;
    }

    static void validateAccessModes(List<JsonNode> modes, Path path, List<FieldError> errs) {
        boolean rwop = false;
        boolean other = false;
        for (JsonNode m : modes) {
            String mode = m.asText();
            if (!ACCESS_MODES.contains(mode)) {
                errs.add(FieldError.notSupported(path.toString(), mode, ACCESS_MODES));
            }
            if (mode.equals("ReadWriteOncePod")) {
                rwop = true;
            } else if (ACCESS_MODES.contains(mode)) {
                other = true;
            }
        }
        if (rwop && other) {
            errs.add(FieldError.forbidden(path.toString(), "may not use ReadWriteOncePod with other access modes"));
        }
    }

    static void validateVolumeMode(JsonNode spec, Path sp, List<FieldError> errs) {
        if (spec != null && spec.hasNonNull("volumeMode")) {
            String vm = str(spec, "volumeMode");
            if (!vm.equals("Block") && !vm.equals("Filesystem")) {
                errs.add(FieldError.notSupported(sp.child("volumeMode").toString(), vm, List.of("Block", "Filesystem")));
            }
        }
    }

    /** helper.GetAccessModesAsString. */
    static String accessModes(List<String> modes) {
        List<String> out = new ArrayList<>();
        if (modes.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (modes.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (modes.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (modes.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    static String storageClass(JsonNode obj) {
        JsonNode ann = obj(obj(obj, "metadata"), "annotations");
        if (ann != null && ann.has("volume.beta.kubernetes.io/storage-class")) {
            return ann.get("volume.beta.kubernetes.io/storage-class").asText();
        }
        return str(obj(obj, "spec"), "storageClassName");
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."),
                Tables.col("Access Modes", "string", "accessModes contains all ways the volume can be mounted."),
                Tables.col("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
                Tables.col("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
                Tables.col("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
                Tables.col("StorageClass", "string", "StorageClass of the pv"),
                Tables.col("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
                Tables.col("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
                Tables.age(),
                Tables.wide("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        JsonNode claimRef = obj(spec, "claimRef");
        String claim = claimRef == null ? "" : str(claimRef, "namespace") + "/" + str(claimRef, "name");
        Quantity q = Resources.quantity(obj(spec, "capacity"), "storage");
        String phase = Tables.deleting(obj) ? "Terminating" : str(status, "phase");
        String vac = spec != null && spec.hasNonNull("volumeAttributesClassName") ? str(spec, "volumeAttributesClassName") : "<unset>";
        String mode = spec != null && spec.hasNonNull("volumeMode") ? str(spec, "volumeMode") : "<unset>";
        return List.of(Tables.name(obj), q == null ? "0" : q.toString(), accessModes(strings(spec, "accessModes")),
                str(spec, "persistentVolumeReclaimPolicy"), phase, claim, storageClass(obj), vac, str(status, "reason"),
                Tables.age(obj), mode);
    }
}
