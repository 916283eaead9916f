package dev.kube4j.apiserver.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.BuiltinResources;
import dev.kube4j.api.BuiltinStrategies;
import dev.kube4j.apiserver.admission.AdmissionChain;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.DeleteOptions;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.Store;
import dev.kube4j.store.embedded.RocksStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A registry of services on a real RocksStore with the service allocator hooked in. */
final class ServiceRegistryHarness implements AutoCloseable {

    static final UserInfo ADMIN = UserInfo.of("admin", List.of("system:masters"));

    final Store store;
    final WatchCache cache;
    final ServiceAllocator allocator;
    final GenericRegistry registry;
    final ApiResource services;

    ServiceRegistryHarness(Path dir, String cidr, String nodePorts, Duration orphanGrace, Clock clock) {
        store = RocksStore.open(dir);
        cache = new WatchCache(store, 1000);
        cache.start();
        allocator = new ServiceAllocator(store, key -> cache.get(key) != null, ServiceCidr.parse(cidr),
                NodePortRange.parse(nodePorts), orphanGrace, clock);
        registry = new GenericRegistry(store, cache, new AdmissionChain(List.of()), Map.of(ServiceAllocator.RESOURCE, allocator));
        services = new ApiResource(BuiltinResources.find("", "services"), BuiltinStrategies.forResource("", "services"));
    }

    ServiceRegistryHarness(Path dir, String cidr) {
        this(dir, cidr, "30000-32767", Duration.ofMinutes(1), Clock.systemUTC());
    }

    ObjectNode create(String yaml) {
        return registry.create(services, "default", parse(yaml), ADMIN, false);
    }

    ObjectNode dryRunCreate(String yaml) {
        return registry.create(services, "default", parse(yaml), ADMIN, true);
    }

    ObjectNode update(ObjectNode svc) {
        String name = svc.path("metadata").path("name").asText();
        return registry.update(services, "default", name, "", svc, ADMIN, false).object();
    }

    void delete(String name) {
        registry.delete(services, "default", name, DeleteOptions.defaults(), ADMIN);
    }

    ObjectNode get(String name) {
        return registry.get(services, "default", name);
    }

    static ObjectNode parse(String yaml) {
        try {
            return (ObjectNode) ObjectCodec.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String nodePortService(String name, String nodePortLine) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  type: NodePort
                  selector: {app: %s}
                  ports:
                  - port: 80
                %s
                """.formatted(name, name, nodePortLine.isEmpty() ? "" : "    " + nodePortLine);
    }

    static String clusterIPService(String name, String clusterIP) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  selector: {app: %s}
                  ports: [{port: 80}]
                %s
                """.formatted(name, name, clusterIP.isEmpty() ? "" : "  clusterIP: " + clusterIP);
    }

    @Override
    public void close() {
        cache.close();
        store.close();
    }
}
