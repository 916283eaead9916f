package dev.kube4j.apiserver.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.admission.AdmissionHarness;
import dev.kube4j.apiserver.registry.DeleteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodEvictionTest {

    @TempDir
    Path dir;
    AdmissionHarness h;
    PodEviction eviction;

    @BeforeEach
    void start() {
        h = new AdmissionHarness(dir);
        eviction = new PodEviction(h.registry, h.lookup);
        h.create("", "namespaces", "{apiVersion: v1, kind: Namespace, metadata: {name: ns}}");
        h.create("", "serviceaccounts", "{apiVersion: v1, kind: ServiceAccount, metadata: {name: default, namespace: ns}}");
        for (String name : new String[]{"web-1", "web-2"}) {
            h.create("", "pods", "{apiVersion: v1, kind: Pod, metadata: {name: " + name + ", namespace: ns, labels: {app: web}}, "
                    + "spec: {nodeName: n1, containers: [{name: c, image: nginx}]}}");
            h.setStatus("", "pods", "ns", name, "{phase: Running, conditions: [{type: Ready, status: 'True'}]}");
        }
        h.create("policy", "poddisruptionbudgets", "{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: pdb, "
                + "namespace: ns}, spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}}");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void budgetStatus(int allowed) {
        h.setStatus("policy", "poddisruptionbudgets", "ns", "pdb", "{observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, "
                + "expectedPods: 2, disruptionsAllowed: " + allowed + "}");
    }

    private void evict(String name) {
        ObjectNode body = AdmissionHarness.parse("{apiVersion: policy/v1, kind: Eviction, metadata: {name: " + name + ", namespace: ns}}");
        eviction.evict(h.resource("", "pods"), "ns", name, body, DeleteOptions.defaults(), AdmissionHarness.ADMIN);
        h.awaitCache();
    }

    @Test
    void spendsTheBudgetThenRefusesWithUpstreamsTooManyRequests() {
        budgetStatus(1);
        evict("web-1");
        ObjectNode evicted = h.get("", "pods", "ns", "web-1");
        assertThat(evicted.path("metadata").has("deletionTimestamp")).isTrue(); // graceful: its node finishes it
        assertThat(evicted.path("status").path("conditions").toString()).contains("DisruptionTarget", "EvictionByEvictionAPI");
        ObjectNode budget = h.get("policy", "poddisruptionbudgets", "ns", "pdb");
        assertThat(budget.path("status").path("disruptionsAllowed").asInt()).isZero();
        assertThat(budget.path("status").path("disruptedPods").has("web-1")).isTrue();
        assertThat(budget.path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("InsufficientPods");

        assertThatThrownBy(() -> evict("web-2")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(429);
            assertThat(e.reason()).isEqualTo("TooManyRequests");
            assertThat(e.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
            assertThat(e.details().path("causes").get(0).path("reason").asText()).isEqualTo("DisruptionBudget");
            assertThat(e.details().path("causes").get(0).path("message").asText())
                    .isEqualTo("The disruption budget pdb needs 1 healthy pods and has 2 currently");
        });
        assertThat(h.get("", "pods", "ns", "web-2").path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void aBudgetNotYetObservedIsStillBeingProcessed() {
        assertThatThrownBy(() -> evict("web-1")).isInstanceOfSatisfying(ApiException.class, e ->
                assertThat(e.details().path("causes").get(0).path("message").asText())
                        .isEqualTo("The disruption budget pdb is still being processed by the server."));
    }

    @Test
    void podsOutsideAnyBudgetOrNotRunningGoAtOnce() {
        budgetStatus(0);
        h.setStatus("", "pods", "ns", "web-2", "{phase: Succeeded}");
        evict("web-2"); // finished: disrupts nothing more, the budget is not even read (and nothing to stop)
        assertThat(h.registry.find(h.resource("", "pods"), "ns", "web-2")).isEmpty();
        h.setStatus("", "pods", "ns", "web-1", "{phase: Pending}");
        evict("web-1");
        assertThat(h.get("", "pods", "ns", "web-1").path("metadata").has("deletionTimestamp")).isTrue();

        h.create("", "pods", "{apiVersion: v1, kind: Pod, metadata: {name: lone, namespace: ns}, "
                + "spec: {nodeName: n1, containers: [{name: c, image: nginx}]}}");
        h.setStatus("", "pods", "ns", "lone", "{phase: Running, conditions: [{type: Ready, status: 'True'}]}");
        evict("lone");
        assertThat(h.get("", "pods", "ns", "lone").path("metadata").has("deletionTimestamp")).isTrue();
    }

    @Test
    void theEvictionMustNameThePodOfTheUrl() {
        ObjectNode body = AdmissionHarness.parse("{apiVersion: policy/v1, kind: Eviction, metadata: {name: other}}");
        assertThatThrownBy(() -> eviction.evict(h.resource("", "pods"), "ns", "web-1", body, DeleteOptions.defaults(),
                AdmissionHarness.ADMIN)).hasMessage("name in URL does not match name in Eviction object");
    }
}
