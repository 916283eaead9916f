package dev.kube4j.apiserver.admission;

import dev.kube4j.apimachinery.errors.ApiException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceQuotaAdmissionTest extends AdmissionTestBase {

    /** A quota whose status the controller has already filled in. */
    private void quota(String name, String hard, String used) {
        h.create("", "resourcequotas", "{apiVersion: v1, kind: ResourceQuota, metadata: {name: " + name
                + ", namespace: ns}, spec: {hard: " + hard + "}}");
        h.setStatus("", "resourcequotas", "ns", name, "{hard: " + hard + ", used: " + used + "}");
    }

    private String used(String name, String resource) {
        return h.get("", "resourcequotas", "ns", name).path("status").path("used").path(resource).asText();
    }

    @Test
    void chargesCreatesAndRefusesTheOneBeyondTheQuota() {
        quota("q", "{pods: '2', requests.cpu: '1'}", "{pods: '0', requests.cpu: '0'}");
        h.create("", "pods", pod("a", "{requests: {cpu: 300m}}"));
        h.create("", "pods", pod("b", "{requests: {cpu: 300m}}"));
        assertThat(used("q", "pods")).isEqualTo("2");
        assertThat(used("q", "requests.cpu")).isEqualTo("600m");
        assertForbidden(() -> h.create("", "pods", pod("c", "{requests: {cpu: 100m}}")),
                "pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
    }

    @Test
    void namesEveryExceededResourceSorted() {
        quota("q", "{pods: '5', requests.cpu: 500m, requests.memory: 1Gi}", "{pods: '0', requests.cpu: 400m, requests.memory: 1Gi}");
        assertForbidden(() -> h.create("", "pods", pod("p", "{requests: {cpu: 200m, memory: 1Mi}}")),
                "pods \"p\" is forbidden: exceeded quota: q, requested: requests.cpu=200m,requests.memory=1Mi, "
                        + "used: requests.cpu=400m,requests.memory=1Gi, limited: requests.cpu=500m,requests.memory=1Gi");
    }

    @Test
    void quotaOnComputeResourcesRequiresEveryContainerToStateThem() {
        quota("q", "{limits.cpu: '2', limits.memory: 1Gi}", "{limits.cpu: '0', limits.memory: '0'}");
        assertForbidden(() -> h.create("", "pods", pod("p", "{limits: {cpu: 500m}}")),
                "pods \"p\" is forbidden: failed quota: q: must specify limits.memory for: c");
    }

    @Test
    void aQuotaNotYetCountedRefusesWhatItLimits() {
        h.create("", "resourcequotas", "{apiVersion: v1, kind: ResourceQuota, metadata: {name: q, namespace: ns}, spec: {hard: {pods: '2'}}}");
        h.create("", "pods", pod("before-sync", "")); // status.hard empty: nothing is enforced yet, as upstream
        h.setStatus("", "resourcequotas", "ns", "q", "{hard: {pods: '2'}}");
        assertForbidden(() -> h.create("", "pods", pod("p", "")), "pods \"p\" is forbidden: status unknown for quota: q, resources: pods");
    }

    @Test
    void countsObjectsOfAnyResourceAndHonoursScopes() {
        quota("q", "{count/configmaps: '1', configmaps: '5'}", "{count/configmaps: '0', configmaps: '0'}");
        h.create("", "configmaps", "{apiVersion: v1, kind: ConfigMap, metadata: {name: one, namespace: ns}}");
        assertForbidden(() -> h.create("", "configmaps", "{apiVersion: v1, kind: ConfigMap, metadata: {name: two, namespace: ns}}"),
                "configmaps \"two\" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=1, "
                        + "limited: count/configmaps=1");
        h.create("", "resourcequotas", "{apiVersion: v1, kind: ResourceQuota, metadata: {name: best-effort, namespace: ns}, "
                + "spec: {hard: {pods: '0'}, scopes: [BestEffort]}}");
        h.setStatus("", "resourcequotas", "ns", "best-effort", "{hard: {pods: '0'}, used: {pods: '0'}}");
        h.create("", "pods", pod("burstable", "{requests: {cpu: 100m}}"));
        assertForbidden(() -> h.create("", "pods", pod("be", "")),
                "pods \"be\" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=0, limited: pods=0");
    }

    @Test
    void concurrentCreatesNeverOvershoot() throws Exception {
        quota("q", "{pods: '5'}", "{pods: '0'}");
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String name = "p" + i;
                all.add(pool.submit(() -> {
                    try {
                        h.registry.create(h.resource("", "pods"), "ns", AdmissionHarness.parse(pod(name, "")), AdmissionHarness.ADMIN, false);
                        admitted.incrementAndGet();
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo(403);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get()).isEqualTo(5);
        assertThat(used("q", "pods")).isEqualTo("5");
    }

    @Test
    void dryRunChargesNothing() {
        quota("q", "{pods: '1'}", "{pods: '0'}");
        h.registry.create(h.resource("", "pods"), "ns", AdmissionHarness.parse(pod("p", "")), AdmissionHarness.ADMIN, true);
        assertThat(used("q", "pods")).isEqualTo("0");
    }
}
