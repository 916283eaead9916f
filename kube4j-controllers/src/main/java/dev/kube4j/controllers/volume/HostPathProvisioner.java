package dev.kube4j.controllers.volume;

import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;

import java.util.Map;
import java.util.Objects;

/**
 * A local-path provisioner (k3s's {@code local-path}, Rancher's local-path-provisioner): for claims
 * of its StorageClass it creates a hostPath volume under a directory of the chosen node, pinned to
 * that node by node affinity when the class waits for the first consumer. The default class.
 */
final class HostPathProvisioner {

    static final String PROVISIONER = "kube4j.dev/local-path";
    static final String CLASS_NAME = "local-path";
    static final String BASE_DIR = "/var/lib/kube4j/storage";
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

    private HostPathProvisioner() {
    }

    /** The default StorageClass this provisioner serves, created if missing. */
    static StorageClass storageClass() {
        return new StorageClassBuilder().withNewMetadata().withName(CLASS_NAME)
                .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true")).endMetadata()
                .withProvisioner(PROVISIONER).withReclaimPolicy("Delete").withVolumeBindingMode("WaitForFirstConsumer")
                .build();
    }

    /** The volume for a claim: its size and modes, a directory named after it, on {@code node} if known. */
    static PersistentVolume volumeFor(PersistentVolumeClaim claim, StorageClass sc, String node) {
        String name = "pvc-" + claim.getMetadata().getUid();
        Quantity size = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        PersistentVolumeBuilder b = new PersistentVolumeBuilder().withNewMetadata().withName(name)
                .withAnnotations(Map.of(PROVISIONED_BY, PROVISIONER)).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size == null ? new Quantity("1Gi") : size))
                .withAccessModes(claim.getSpec().getAccessModes())
                .withVolumeMode(Objects.requireNonNullElse(claim.getSpec().getVolumeMode(), "Filesystem"))
                .withStorageClassName(sc.getMetadata().getName())
                .withPersistentVolumeReclaimPolicy(Objects.requireNonNullElse(sc.getReclaimPolicy(), "Delete"))
                .withNewHostPath().withPath(BASE_DIR + "/" + name + "_" + claim.getMetadata().getNamespace() + "_"
                        + claim.getMetadata().getName()).withType("DirectoryOrCreate").endHostPath()
                .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid()).build())
                .endSpec();
        if (node != null) {
            b.editSpec().withNewNodeAffinity().withNewRequired().withNodeSelectorTerms(new NodeSelectorTermBuilder()
                    .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In").withValues(node).endMatchExpression()
                    .build()).endRequired().endNodeAffinity().endSpec();
        }
        return b.build();
    }
}
