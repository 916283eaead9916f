package dev.kube4j.apiserver.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAccountAdmissionTest extends AdmissionTestBase {

    @Test
    void podsRunAsTheDefaultAccountWhenTheyNameNone() {
        assertThat(h.create("", "pods", pod("p", "")).path("spec").path("serviceAccountName").asText()).isEqualTo("default");
    }

    @Test
    void aMissingAccountIsRefusedAfterRetries() {
        assertForbidden(() -> h.create("", "pods", "{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: ns}, "
                        + "spec: {serviceAccountName: robot, containers: [{name: c, image: nginx}]}}"),
                "pods \"p\" is forbidden: service account ns/robot was not found, retry after the service account is created");
        h.create("", "namespaces", "{apiVersion: v1, kind: Namespace, metadata: {name: fresh}}");
        assertForbidden(() -> h.create("", "pods", "{apiVersion: v1, kind: Pod, metadata: {name: q, namespace: fresh}, "
                        + "spec: {containers: [{name: c, image: nginx}]}}"),
                "pods \"q\" is forbidden: service account fresh/default was not found, retry after the service account is created");
    }
}
