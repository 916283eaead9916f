package dev.kube4j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PersistentVolume binding (static) and the local-path provisioner behind the default StorageClass (dynamic). */
class VolumesTest {

    static TestCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.startHollow(2, "4", "8Gi");
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void claimBindsToTheSmallestMatchingVolume() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: small}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  hostPath: {path: /tmp/small}
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: big}
                spec:
                  capacity: {storage: 10Gi}
                  accessModes: [ReadWriteOnce, ReadOnlyMany]
                  storageClassName: ""
                  persistentVolumeReclaimPolicy: Retain
                  hostPath: {path: /tmp/big}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  resources: {requests: {storage: 500Mi}}
                """, "apply", "-f", "-").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "pvc", "data", "-o", "jsonpath={.status.phase} {.spec.volumeName} {.status.capacity.storage}")
                    .ok().out()).isEqualTo("Bound small 1Gi");
            assertThat(kubectl.run("get", "pv", "small", "-o", "jsonpath={.status.phase} {.spec.claimRef.name}").ok().out())
                    .isEqualTo("Bound data");
        });
        assertThat(kubectl.run("get", "pv", "big", "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Available");
        kubectl.run("delete", "pvc", "data").ok();
        // reclaimPolicy of a manually created volume defaults to Retain: it stays, Released.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pv", "small", "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Released"));
        kubectl.run("delete", "pv", "small", "big").ok();
    }

    @Test
    void defaultClassProvisionsOnTheNodeThePodLandsOn() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "storageclass").ok().out()).contains("local-path (default)", "WaitForFirstConsumer"));
        kubectl.runWithInput("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: cache}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: local-path
                  resources: {requests: {storage: 2Gi}}
                """, "apply", "-f", "-").ok();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.run("describe", "pvc", "cache").ok().out())
                .contains("Pending", "waiting for first consumer to be created before binding"));
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: uses-cache}
                spec:
                  containers: [{name: c, image: nginx:1.23, volumeMounts: [{name: v, mountPath: /cache}]}]
                  volumes: [{name: v, persistentVolumeClaim: {claimName: cache}}]
                """, "apply", "-f", "-").ok();
        kubectl.run("wait", "--for=condition=Ready", "pod/uses-cache", "--timeout=30s").ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pvc", "cache", "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Bound"));
        String node = kubectl.run("get", "pod", "uses-cache", "-o", "jsonpath={.spec.nodeName}").ok().out();
        String pv = kubectl.run("get", "pvc", "cache", "-o", "jsonpath={.spec.volumeName}").ok().out();
        assertThat(pv).startsWith("pvc-");
        assertThat(kubectl.run("get", "pv", pv, "-o", "jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}"
                + " {.spec.persistentVolumeReclaimPolicy} {.spec.capacity.storage}").ok().out()).isEqualTo(node + " Delete 2Gi");

        kubectl.run("delete", "pod", "uses-cache", "--timeout=20s").ok();
        kubectl.run("delete", "pvc", "cache").ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> kubectl.run("get", "pv", pv).exitCode() != 0);
    }
}
