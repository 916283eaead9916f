package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitRangerTest extends AdmissionTestBase {

    private void limits(String items) {
        h.create("", "limitranges", "{apiVersion: v1, kind: LimitRange, metadata: {name: lr, namespace: ns}, spec: {limits: " + items + "}}");
    }

    @Test
    void defaultsMissingRequestsAndLimitsAndSaysSoInAnAnnotation() {
        limits("[{type: Container, default: {cpu: 500m, memory: 256Mi}, defaultRequest: {cpu: 200m}}]");
        ObjectNode pod = h.create("", "pods", pod("p", "{limits: {memory: 128Mi}}"));
        var resources = pod.path("spec").path("containers").get(0).path("resources");
        assertThat(resources.path("limits").path("cpu").asText()).isEqualTo("500m");
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("128Mi");
        // the pod's own defaulting copied the memory limit into the request first, as upstream's
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo("128Mi");
        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("200m");
        assertThat(pod.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText())
                .isEqualTo("LimitRanger plugin set: cpu request for container c; cpu limit for container c");
    }

    @Test
    void maxMinAndRatioAreCheckedWithUpstreamsMessages() {
        limits("[{type: Container, max: {cpu: '1'}, min: {memory: 64Mi}, maxLimitRequestRatio: {memory: '2'}}]");
        assertForbidden(() -> h.create("", "pods", pod("big", "{limits: {cpu: '2', memory: 64Mi}}")),
                "pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");
        assertForbidden(() -> h.create("", "pods", pod("small", "{limits: {cpu: '1', memory: 32Mi}}")),
                "pods \"small\" is forbidden: minimum memory usage per Container is 64Mi, but request is 32Mi");
        assertForbidden(() -> h.create("", "pods", pod("ratio", "{requests: {memory: 64Mi}, limits: {cpu: '1', memory: 192Mi}}")),
                "pods \"ratio\" is forbidden: memory max limit to request ratio per Container is 2, but provided ratio is 3.000000");
        h.create("", "pods", pod("fits", "{requests: {memory: 64Mi}, limits: {cpu: 500m, memory: 128Mi}}"));
    }

    @Test
    void severalViolationsAreListedTogether() {
        limits("[{type: Pod, max: {cpu: '1', memory: 1Gi}}]");
        assertForbidden(() -> h.create("", "pods", pod("p", "")),
                "pods \"p\" is forbidden: [maximum cpu usage per Pod is 1.  No limit is specified, "
                        + "maximum memory usage per Pod is 1Gi.  No limit is specified]");
    }

    @Test
    void claimsAreCheckedAgainstStorageMinAndMax() {
        limits("[{type: PersistentVolumeClaim, min: {storage: 1Gi}, max: {storage: 10Gi}}]");
        String claim = "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: %s, namespace: ns}, "
                + "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: %s}}}}";
        assertForbidden(() -> h.create("", "persistentvolumeclaims", claim.formatted("huge", "20Gi")),
                "persistentvolumeclaims \"huge\" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi");
        assertForbidden(() -> h.create("", "persistentvolumeclaims", claim.formatted("tiny", "500Mi")),
                "persistentvolumeclaims \"tiny\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi");
        h.create("", "persistentvolumeclaims", claim.formatted("ok", "5Gi"));
    }
}
