package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kube4j.apiserver.services.ServiceRegistryHarness.clusterIPService;
import static dev.kube4j.apiserver.services.ServiceRegistryHarness.nodePortService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Allocation through the registry's create/update/delete path of services, on the embedded store. */
class ServiceAllocatorTest {

    @TempDir
    Path dir;
    private ServiceRegistryHarness h;

    @BeforeEach
    void open() {
        h = new ServiceRegistryHarness(dir, "10.43.0.0/16");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private boolean ipRecorded(String ip) {
        return h.allocator.ips().table().read(ip).isPresent();
    }

    private boolean portRecorded(long port) {
        return h.allocator.ports().table().read(Long.toString(port)).isPresent();
    }

    @Test
    void dynamicClusterIPComesFromTheUpperBandAndIsRecorded() {
        for (int i = 0; i < 20; i++) {
            ObjectNode svc = h.create(clusterIPService("web" + i, ""));
            String ip = svc.at("/spec/clusterIP").asText();
            // The first 256 addresses (10.43.0.1 - 10.43.1.0) are left to requested IPs.
            long offset = h.allocator.cidr().offsetOf(ip);
            assertThat(offset).isBetween(256L, 65533L);
            assertThat(svc.at("/spec/clusterIPs/0").asText()).isEqualTo(ip);
            assertThat(svc.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
            assertThat(svc.at("/spec/ipFamilyPolicy").asText()).isEqualTo("SingleStack");
            assertThat(ipRecorded(ip)).isTrue();
        }
    }

    @Test
    void requestedClusterIPIsHonouredOnceAndRefusedAsUpstreamAfterwards() {
        assertThat(h.create(clusterIPService("a", "10.43.0.10")).at("/spec/clusterIP").asText()).isEqualTo("10.43.0.10");
        assertThatThrownBy(() -> h.create(clusterIPService("b", "10.43.0.10")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
                .hasMessage("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.43.0.10\"}: "
                        + "failed to allocate IP 10.43.0.10: provided IP is already allocated");
        assertThatThrownBy(() -> h.create(clusterIPService("c", "10.96.0.10")))
                .hasMessage("Service \"c\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: "
                        + "failed to allocate IP 10.96.0.10: the provided IP (10.96.0.10) is not in the valid range. "
                        + "The range of valid IPs is 10.43.0.0/16");
        // Neither the network nor the broadcast address is ever handed out.
        assertThatThrownBy(() -> h.create(clusterIPService("d", "10.43.0.0"))).hasMessageContaining("is not in the valid range");
        assertThatThrownBy(() -> h.create(clusterIPService("e", "10.43.255.255"))).hasMessageContaining("is not in the valid range");
        assertThat(h.create(clusterIPService("f", "10.43.255.254")).at("/spec/clusterIP").asText()).isEqualTo("10.43.255.254");
    }

    @Test
    void headlessAndExternalNameServicesGetNoIP() {
        ObjectNode headless = h.create(clusterIPService("db", "None"));
        assertThat(headless.at("/spec/clusterIPs").toString()).isEqualTo("[\"None\"]");
        assertThat(headless.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        ObjectNode selectorless = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: peers}
                spec: {clusterIP: None, ports: [{port: 80}]}
                """);
        assertThat(selectorless.at("/spec/ipFamilyPolicy").asText()).isEqualTo("RequireDualStack");
        assertThat(selectorless.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\",\"IPv6\"]");
        ObjectNode external = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: ext}
                spec: {type: ExternalName, externalName: example.com}
                """);
        assertThat(external.at("/spec/clusterIP").isMissingNode()).isTrue();
        assertThat(h.allocator.ips().table().all()).isEmpty();
    }

    @Test
    void familiesOfAnotherStackAreRefused() {
        assertThatThrownBy(() -> h.create(clusterIPService("v6", "fd00::10")))
                .hasMessage("Service \"v6\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"fd00::10\"}: IPv6 is not configured on this cluster");
        assertThatThrownBy(() -> h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: dual}
                spec: {ipFamilyPolicy: RequireDualStack, selector: {a: b}, ports: [{port: 80}]}
                """)).hasMessage("Service \"dual\" is invalid: spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": "
                + "this cluster is not configured for dual-stack services");
    }

    @Test
    void nodePortsAreAllocatedRequestedOrRefusedAsUpstream() {
        ObjectNode svc = h.create(nodePortService("a", ""));
        long port = svc.at("/spec/ports/0/nodePort").asLong();
        assertThat(port).isBetween(30000L + 86, 32767L); // the upper band first
        assertThat(portRecorded(port)).isTrue();
        assertThat(h.create(nodePortService("b", "nodePort: 30080")).at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
        assertThatThrownBy(() -> h.create(nodePortService("c", "nodePort: 30080")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
                .hasMessage("Service \"c\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
        assertThatThrownBy(() -> h.create(nodePortService("d", "nodePort: 80")))
                .hasMessage("Service \"d\" is invalid: spec.ports[0].nodePort: Invalid value: 80: "
                        + "provided port is not in the valid range. The range of valid ports is 30000-32767");
        // The refused services left no allocation behind.
        assertThat(h.allocator.ports().table().all()).hasSize(2);
        assertThat(h.allocator.ips().table().all()).hasSize(2);
    }

    @Test
    void portsWithTheSameNumberShareANodePort() {
        ObjectNode dns = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: dns}
                spec:
                  type: NodePort
                  ports: [{name: tcp, port: 53, protocol: TCP}, {name: udp, port: 53, protocol: UDP}]
                """);
        assertThat(dns.at("/spec/ports/0/nodePort").asLong()).isEqualTo(dns.at("/spec/ports/1/nodePort").asLong());
    }

    @Test
    void loadBalancersGetNodePortsUnlessTheyOptOutAndAHealthCheckPortWhenLocal() {
        ObjectNode lb = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: lb}
                spec: {type: LoadBalancer, externalTrafficPolicy: Local, ports: [{port: 443}]}
                """);
        long nodePort = lb.at("/spec/ports/0/nodePort").asLong();
        long health = lb.at("/spec/healthCheckNodePort").asLong();
        assertThat(nodePort).isBetween(30000L, 32767L);
        assertThat(health).isBetween(30000L, 32767L).isNotEqualTo(nodePort);
        assertThat(portRecorded(health)).isTrue();
        ObjectNode bare = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: bare}
                spec: {type: LoadBalancer, allocateLoadBalancerNodePorts: false, ports: [{port: 443}]}
                """);
        assertThat(bare.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
        h.delete("lb");
        assertThat(portRecorded(nodePort)).isFalse();
        assertThat(portRecorded(health)).isFalse();
    }

    @Test
    void deleteReleasesAndTheValuesCanBeTakenAgain() {
        ObjectNode svc = h.create(nodePortService("a", "nodePort: 30080"));
        String ip = svc.at("/spec/clusterIP").asText();
        h.delete("a");
        assertThat(ipRecorded(ip)).isFalse();
        assertThat(portRecorded(30080)).isFalse();
        ObjectNode again = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: b}
                spec: {type: NodePort, clusterIP: %s, ports: [{port: 80, nodePort: 30080}]}
                """.formatted(ip));
        assertThat(again.at("/spec/clusterIP").asText()).isEqualTo(ip);
        assertThat(h.allocator.ports().table().read("30080").orElseThrow().owner().name()).isEqualTo("b");
    }

    @Test
    void changingTypeAwayFromNodePortReleasesThePorts() {
        ObjectNode svc = h.create(nodePortService("a", "nodePort: 30080"));
        ObjectNode upd = svc.deepCopy();
        upd.with("spec").put("type", "ClusterIP");
        upd.with("spec").remove("externalTrafficPolicy");
        ObjectNode stored = h.update(upd);
        assertThat(stored.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
        assertThat(stored.at("/spec/clusterIP").asText()).isEqualTo(svc.at("/spec/clusterIP").asText());
        assertThat(portRecorded(30080)).isFalse();
        // Back to NodePort: a new port is allocated (PUT without nodePort keeps nothing it had not).
        ObjectNode back = stored.deepCopy();
        back.with("spec").put("type", "NodePort");
        long port = h.update(back).at("/spec/ports/0/nodePort").asLong();
        assertThat(portRecorded(port)).isTrue();
    }

    @Test
    void updatesKeepAllocatedValuesAndSwapChangedOnes() {
        ObjectNode svc = h.create(nodePortService("a", "nodePort: 30080"));
        // A PUT that leaves clusterIP and nodePort out keeps them (upstream's patchAllocatedValues).
        ObjectNode bare = svc.deepCopy();
        bare.with("spec").remove(java.util.List.of("clusterIP", "clusterIPs"));
        ((ObjectNode) bare.at("/spec/ports/0")).remove("nodePort");
        ObjectNode kept = h.update(bare);
        assertThat(kept.at("/spec/clusterIP").asText()).isEqualTo(svc.at("/spec/clusterIP").asText());
        assertThat(kept.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
        // Changing the node port takes the new one and frees the old one.
        ObjectNode moved = kept.deepCopy();
        ((ObjectNode) moved.at("/spec/ports/0")).put("nodePort", 30081);
        h.update(moved);
        assertThat(portRecorded(30081)).isTrue();
        assertThat(portRecorded(30080)).isFalse();
        // A change to a port someone else holds is refused and changes nothing.
        h.create(nodePortService("b", "nodePort: 30090"));
        ObjectNode clash = h.get("a").deepCopy();
        ((ObjectNode) clash.at("/spec/ports/0")).put("nodePort", 30090);
        assertThatThrownBy(() -> h.update(clash)).hasMessageContaining("spec.ports[0].nodePort: Invalid value: 30090: provided port is already allocated");
        assertThat(h.allocator.ports().table().read("30081").orElseThrow().owner().name()).isEqualTo("a");
        assertThat(h.allocator.ports().table().read("30090").orElseThrow().owner().name()).isEqualTo("b");
    }

    @Test
    void externalNameToClusterIPAllocatesAndBackReleases() {
        ObjectNode ext = h.create("""
                apiVersion: v1
                kind: Service
                metadata: {name: ext}
                spec: {type: ExternalName, externalName: example.com}
                """);
        ObjectNode toClusterIP = ext.deepCopy();
        toClusterIP.with("spec").put("type", "ClusterIP").remove("externalName");
        toClusterIP.with("spec").putArray("ports").addObject().put("port", 80);
        ObjectNode stored = h.update(toClusterIP);
        String ip = stored.at("/spec/clusterIP").asText();
        assertThat(ipRecorded(ip)).isTrue();
        ObjectNode back = stored.deepCopy();
        back.with("spec").put("type", "ExternalName").put("externalName", "example.com");
        back.with("spec").remove(java.util.List.of("internalTrafficPolicy"));
        assertThat(h.update(back).at("/spec/clusterIP").isMissingNode()).isTrue();
        assertThat(ipRecorded(ip)).isFalse();
    }

    @Test
    void dryRunKeepsNoAllocation() {
        ObjectNode svc = h.dryRunCreate(nodePortService("a", "nodePort: 30080"));
        assertThat(svc.at("/spec/clusterIP").asText()).startsWith("10.43.");
        assertThat(svc.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
        assertThat(h.allocator.ips().table().all()).isEmpty();
        assertThat(h.allocator.ports().table().all()).isEmpty();
        h.create(nodePortService("b", "nodePort: 30080"));
        assertThatThrownBy(() -> h.dryRunCreate(nodePortService("c", "nodePort: 30080")))
                .hasMessageContaining("provided port is already allocated");
    }

    @Test
    void aFailedWriteReleasesWhatItAllocated() {
        h.create(nodePortService("a", ""));
        // Same name: the store refuses the write after the allocator claimed an IP and a port.
        assertThatThrownBy(() -> h.create(nodePortService("a", "nodePort: 30500"))).hasMessageContaining("already exists");
        assertThat(portRecorded(30500)).isFalse();
        assertThat(h.allocator.ips().table().all()).hasSize(1);
        assertThat(h.allocator.ports().table().all()).hasSize(1);
    }
}
