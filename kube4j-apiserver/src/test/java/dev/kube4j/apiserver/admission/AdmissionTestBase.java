package dev.kube4j.apiserver.admission;

import dev.kube4j.apimachinery.errors.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fresh harness per test with the namespace {@code ns} and its default service account. */
abstract class AdmissionTestBase {

    @TempDir
    Path dir;
    AdmissionHarness h;

    @BeforeEach
    void startHarness() {
        h = new AdmissionHarness(dir);
        h.create("", "namespaces", "{apiVersion: v1, kind: Namespace, metadata: {name: ns}}");
        h.create("", "serviceaccounts", "{apiVersion: v1, kind: ServiceAccount, metadata: {name: default, namespace: ns}}");
    }

    @AfterEach
    void stopHarness() {
        h.close();
    }

    /** A pod with one container {@code c} whose resources are {@code resources} (YAML flow map, may be empty). */
    static String pod(String name, String resources) {
        return "{apiVersion: v1, kind: Pod, metadata: {name: " + name + ", namespace: ns}, spec: {containers: [{name: c, image: nginx"
                + (resources.isEmpty() ? "" : ", resources: " + resources) + "}]}}";
    }

    void assertForbidden(Runnable write, String message) {
        assertThatThrownBy(write::run).isInstanceOfSatisfying(ApiException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
