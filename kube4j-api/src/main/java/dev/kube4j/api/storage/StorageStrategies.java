package dev.kube4j.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.kube4j.apimachinery.strategy.Nodes.bool;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/** storage.k8s.io/v1 storage classes, CSI drivers and nodes, volume attachments. */
public final class StorageStrategies {

    private StorageStrategies() {
    }

    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    /** StorageClass: reclaimPolicy Delete and volumeBindingMode Immediate by default; most fields immutable. */
    public static class StorageClassStrategy extends KindStrategy {

        private static final List<String> RECLAIM = List.of("Delete", "Retain");
        private static final List<String> BINDING = List.of("Immediate", "WaitForFirstConsumer");

        public StorageClassStrategy() {
            super(false, NameValidator.DNS_SUBDOMAIN);
        }

        @Override
        public void applyDefaults(ObjectNode obj) {
            if (!obj.hasNonNull("reclaimPolicy")) {
                obj.put("reclaimPolicy", "Delete");
            }
            if (!obj.hasNonNull("volumeBindingMode")) {
                obj.put("volumeBindingMode", "Immediate");
            }
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            String provisioner = str(obj, "provisioner");
            if (provisioner.isEmpty()) {
                errs.add(FieldError.required("provisioner", ""));
            } else {
                for (String m : Validators.isQualifiedName(provisioner.toLowerCase(Locale.ROOT))) {
                    errs.add(FieldError.invalid("provisioner", provisioner, m));
                }
            }
            String reclaim = str(obj, "reclaimPolicy");
            if (!RECLAIM.contains(reclaim)) {
                errs.add(FieldError.notSupported("reclaimPolicy", reclaim, RECLAIM));
            }
            String binding = strOrNull(obj, "volumeBindingMode");
            if (binding == null) {
                errs.add(FieldError.required("volumeBindingMode", ""));
            } else if (!BINDING.contains(binding)) {
                errs.add(FieldError.notSupported("volumeBindingMode", binding, BINDING));
            }
            return errs;
        }

        @Override
        protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
            List<FieldError> errs = new ArrayList<>(validateSpec(obj));
            for (String f : List.of("parameters", "provisioner", "reclaimPolicy")) {
                if (!ObjectMetaValidation.semanticEquals(obj.get(f), old.get(f))) {
                    errs.add(FieldError.forbidden(f, "updates to " + f + " are forbidden."));
                }
            }
            errs.addAll(ObjectMetaValidation.validateImmutable(obj.get("volumeBindingMode"), old.get("volumeBindingMode"),
                    Path.of("volumeBindingMode"), str(obj, "volumeBindingMode")));
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    Tables.col("Provisioner", "string", "provisioner indicates the type of the provisioner."),
                    Tables.col("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
                    Tables.col("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
                    Tables.col("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            String name = Tables.name(obj);
            String isDefault = str(obj(obj, "metadata") == null ? null : obj(obj(obj, "metadata"), "annotations"), DEFAULT_CLASS_ANNOTATION);
            if (isDefault.equals("true")) {
                name += " (default)";
            }
            String reclaim = strOrNull(obj, "reclaimPolicy");
            String binding = strOrNull(obj, "volumeBindingMode");
            Boolean expansion = bool(obj, "allowVolumeExpansion");
            return List.of(name, str(obj, "provisioner"), reclaim == null ? "Delete" : reclaim,
                    binding == null ? "Immediate" : binding, expansion != null && expansion, Tables.age(obj));
        }
    }

    /** CSIDriver, with v1's defaults. */
    public static class CsiDriverStrategy extends KindStrategy {

        private static final List<String> MODES = List.of("Ephemeral", "Persistent");
        private static final List<String> FS_GROUP_POLICIES = List.of("File", "None", "ReadWriteOnceWithFSType");

        public CsiDriverStrategy() {
            super(false, NameValidator.DNS_SUBDOMAIN);
        }

        @Override
        public void applyDefaults(ObjectNode obj) {
            if (!(obj.get("spec") instanceof ObjectNode spec)) {
                return;
            }
            putIfAbsent(spec, "attachRequired", true);
            putIfAbsent(spec, "podInfoOnMount", false);
            putIfAbsent(spec, "storageCapacity", false);
            putIfAbsent(spec, "requiresRepublish", false);
            putIfAbsent(spec, "seLinuxMount", false);
            if (!spec.hasNonNull("fsGroupPolicy")) {
                spec.put("fsGroupPolicy", "ReadWriteOnceWithFSType");
            }
            if (!spec.hasNonNull("volumeLifecycleModes")) {
                spec.putArray("volumeLifecycleModes").add("Persistent");
            }
        }

        private static void putIfAbsent(ObjectNode o, String field, boolean value) {
            if (!o.hasNonNull(field)) {
                o.put(field, value);
            }
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode spec = obj(obj, "spec");
            Path sp = Path.of("spec");
            if (spec == null || !spec.hasNonNull("attachRequired")) {
                errs.add(FieldError.required(sp.child("attachRequired").toString(), ""));
            }
            String policy = strOrNull(spec, "fsGroupPolicy");
            if (policy != null && !FS_GROUP_POLICIES.contains(policy)) {
                errs.add(FieldError.notSupported(sp.child("fsGroupPolicy").toString(), policy, FS_GROUP_POLICIES));
            }
            List<String> modes = strings(spec, "volumeLifecycleModes");
            for (int i = 0; i < modes.size(); i++) {
                if (!MODES.contains(modes.get(i))) {
                    errs.add(FieldError.notSupported(sp.child("volumeLifecycleModes").index(i).toString(), modes.get(i), MODES));
                }
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    Tables.col("AttachRequired", "boolean", "attachRequired indicates this CSI volume driver requires an attach operation."),
                    Tables.col("PodInfoOnMount", "boolean", "podInfoOnMount indicates this CSI volume driver requires additional pod information during mount operations."),
                    Tables.col("StorageCapacity", "boolean", "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity."),
                    Tables.col("TokenRequests", "string", "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
                    Tables.col("RequiresRepublish", "boolean", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume."),
                    Tables.col("Modes", "string", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports."),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            JsonNode spec = obj(obj, "spec");
            Boolean attach = bool(spec, "attachRequired");
            String tokens = "<unset>";
            if (spec != null && spec.get("tokenRequests") != null && spec.get("tokenRequests").isArray()) {
                List<String> audiences = new ArrayList<>();
                objects(spec, "tokenRequests").forEach(t -> audiences.add(str(t, "audience")));
                tokens = String.join(",", audiences);
            }
            String modes = String.join(",", strings(spec, "volumeLifecycleModes"));
            return List.of(Tables.name(obj), attach == null || attach, Boolean.TRUE.equals(bool(spec, "podInfoOnMount")),
                    Boolean.TRUE.equals(bool(spec, "storageCapacity")), tokens, Boolean.TRUE.equals(bool(spec, "requiresRepublish")),
                    modes.isEmpty() ? "<none>" : modes, Tables.age(obj));
        }
    }

    /** CSINode: one entry per driver registered on the node. */
    public static class CsiNodeStrategy extends KindStrategy {

        public CsiNodeStrategy() {
            super(false, NameValidator.DNS_SUBDOMAIN);
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            List<ObjectNode> drivers = objects(obj(obj, "spec"), "drivers");
            Path dp = Path.of("spec", "drivers");
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < drivers.size(); i++) {
                String name = str(drivers.get(i), "name");
                Path np = dp.index(i).child("name");
                if (name.isEmpty()) {
                    errs.add(FieldError.required(np.toString(), ""));
                } else if (seen.contains(name)) {
                    errs.add(FieldError.duplicate(np.toString(), name));
                }
                seen.add(name);
                if (str(drivers.get(i), "nodeID").isEmpty()) {
                    errs.add(FieldError.required(dp.index(i).child("nodeID").toString(), ""));
                }
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    Tables.col("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node"),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            return List.of(Tables.name(obj), (long) objects(obj(obj, "spec"), "drivers").size(), Tables.age(obj));
        }
    }

    /** VolumeAttachment: an immutable request to attach a volume to a node, with a status. */
    public static class VolumeAttachmentStrategy extends KindStrategy {

        public VolumeAttachmentStrategy() {
            super(false, NameValidator.DNS_SUBDOMAIN);
        }

        @Override
        protected List<FieldError> validateSpec(ObjectNode obj) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode spec = obj(obj, "spec");
            Path sp = Path.of("spec");
            if (str(spec, "attacher").isEmpty()) {
                errs.add(FieldError.required(sp.child("attacher").toString(), ""));
            }
            if (str(spec, "nodeName").isEmpty()) {
                errs.add(FieldError.required(sp.child("nodeName").toString(), ""));
            }
            JsonNode source = obj(spec, "source");
            boolean pv = source != null && source.hasNonNull("persistentVolumeName");
            boolean inline = source != null && source.hasNonNull("inlineVolumeSpec");
            if (pv == inline) {
                errs.add(FieldError.invalid(sp.child("source").toString(), GoValue.struct("storage.VolumeAttachmentSource", source),
                        "must specify exactly one of inlineVolumeSpec and persistentVolumeName"));
            }
            return errs;
        }

        @Override
        protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
            List<FieldError> errs = new ArrayList<>(validateSpec(obj));
            if (!ObjectMetaValidation.semanticEquals(obj.get("spec"), old.get("spec"))) {
                errs.add(FieldError.invalid("spec", GoValue.struct("storage.VolumeAttachmentSpec", obj.get("spec")),
                        ObjectMetaValidation.FIELD_IMMUTABLE));
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Tables.name(),
                    new TableColumn("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle this request.", 0),
                    Tables.col("PV", "string", "persistentVolumeName represents the name of the persistent volume to attach."),
                    Tables.col("Node", "string", "nodeName represents the node that the volume should be attached to."),
                    Tables.col("Attached", "boolean", "attached indicates the volume is successfully attached."),
                    Tables.age());
        }

        @Override
        public List<Object> cells(ObjectNode obj) {
            JsonNode spec = obj(obj, "spec");
            return List.of(Tables.name(obj), str(spec, "attacher"), str(obj(spec, "source"), "persistentVolumeName"),
                    str(spec, "nodeName"), Boolean.TRUE.equals(bool(obj(obj, "status"), "attached")), Tables.age(obj));
        }
    }
}
