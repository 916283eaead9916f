package dev.kube4j.apiserver.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultStorageClassTest extends AdmissionTestBase {

    private static final String CLAIM = "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: %s, namespace: ns}, "
            + "spec: {%saccessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}";

    @Test
    void claimsWithoutAClassGetTheDefaultOne() {
        h.create("", "persistentvolumeclaims", CLAIM.formatted("before", ""));
        h.create("storage.k8s.io", "storageclasses", "{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: slow}, "
                + "provisioner: example.com/slow}");
        h.create("storage.k8s.io", "storageclasses", "{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: standard, "
                + "annotations: {storageclass.kubernetes.io/is-default-class: 'true'}}, provisioner: example.com/std}");
        assertThat(h.get("", "persistentvolumeclaims", "ns", "before").path("spec").has("storageClassName")).isFalse();
        assertThat(h.create("", "persistentvolumeclaims", CLAIM.formatted("plain", ""))
                .path("spec").path("storageClassName").asText()).isEqualTo("standard");
        assertThat(h.create("", "persistentvolumeclaims", CLAIM.formatted("explicit", "storageClassName: slow, "))
                .path("spec").path("storageClassName").asText()).isEqualTo("slow");
        assertThat(h.create("", "persistentvolumeclaims", CLAIM.formatted("none", "storageClassName: '', "))
                .path("spec").path("storageClassName").asText()).isEmpty();
    }
}
