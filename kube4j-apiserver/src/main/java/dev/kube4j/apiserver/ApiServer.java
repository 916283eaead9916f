package dev.kube4j.apiserver;

import dev.kube4j.api.BuiltinResources;
import dev.kube4j.api.BuiltinStrategies;
import dev.kube4j.api.schema.FieldValidator;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apiserver.admission.AdmissionChain;
import dev.kube4j.apiserver.admission.CertificateRequestor;
import dev.kube4j.apiserver.admission.DefaultTolerationSeconds;
import dev.kube4j.apiserver.apiextensions.CrdController;
import dev.kube4j.apiserver.admission.NamespaceLifecycle;
import dev.kube4j.apiserver.admission.PriorityClassDefault;
import dev.kube4j.apiserver.auth.AccessReviews;
import dev.kube4j.apiserver.auth.Authorizer;
import dev.kube4j.apiserver.auth.ClientCertificateAuthenticator;
import dev.kube4j.apiserver.bootstrap.KubernetesService;
import dev.kube4j.apiserver.bootstrap.SystemNamespaces;
import dev.kube4j.apiserver.bootstrap.SystemPriorityClasses;
import dev.kube4j.apiserver.discovery.DiscoveryDocuments;
import dev.kube4j.apiserver.http.ApiHandler;
import dev.kube4j.apiserver.http.FieldValidation;
import dev.kube4j.apiserver.http.HttpsListener;
import dev.kube4j.apiserver.http.NonResourceEndpoints;
import dev.kube4j.apiserver.http.ResourceEndpoints;
import dev.kube4j.apiserver.http.WatchStreamer;
import dev.kube4j.apiserver.metrics.ApiMetrics;
import dev.kube4j.apiserver.metrics.InstrumentedStore;
import dev.kube4j.apiserver.openapi.OpenApiEndpoint;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ListOperation;
import dev.kube4j.apiserver.registry.ResourceRegistry;
import dev.kube4j.apiserver.services.AllocationRepair;
import dev.kube4j.apiserver.services.NodePortRange;
import dev.kube4j.apiserver.services.ServiceAllocator;
import dev.kube4j.apiserver.services.ServiceCidr;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.pki.ClusterPki;
import dev.kube4j.pki.Kubeconfig;
import dev.kube4j.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The API server, assembled: PKI, store, watch cache, registry of built-in resources, HTTPS
 * listener. {@link #start} returns once the server is ready; {@link #close} stops everything.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** An allocation younger than this may belong to a create in flight on another API server. */
    private static final Duration ALLOCATION_ORPHAN_GRACE = Duration.ofMinutes(1);

    private final ApiServerOptions options;
    private final ClusterPki pki;
    private final Store store;
    private final WatchCache cache;
    private final HttpsListener listener;
    private final ScheduledExecutorService housekeeping;
    private final CrdController crds;
    private volatile boolean ready;

    private ApiServer(ApiServerOptions options) throws Exception {
        long t0 = System.nanoTime();
        this.options = options;
        ServiceCidr serviceCidr = ServiceCidr.parse(options.serviceCidr());
        NodePortRange nodePorts = NodePortRange.parse(options.nodePortRange());
        // Loading the kinds' strategies is mostly class loading: do it on the other core while
        // the certificates load and the store opens.
        java.util.concurrent.CompletableFuture<ResourceRegistry> builtins = java.util.concurrent.CompletableFuture
                .supplyAsync(ApiServer::builtinResources, r -> Thread.ofPlatform().name("load-kinds").start(r));
        Path dir = options.dataDir();
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>(options.extraSans());
        names.add(options.bindAddress());
        this.pki = ClusterPki.loadOrCreate(dir.resolve("pki"), names);
        long tPki = System.nanoTime();
        ApiMetrics metrics = new ApiMetrics();
        this.store = new InstrumentedStore(options.datastore().open(dir), metrics);
        this.cache = new WatchCache(store, options.watchCacheHistory());
        cache.start();
        long tStore = System.nanoTime();

        ResourceRegistry resources = builtins.join();
        ServiceAllocator serviceAllocator = new ServiceAllocator(store, key -> cache.get(key) != null, serviceCidr, nodePorts,
                ALLOCATION_ORPHAN_GRACE, Clock.systemUTC());
        AllocationRepair allocationRepair = new AllocationRepair(store, serviceAllocator);
        allocationRepair.run();
        GenericRegistry registry = new GenericRegistry(store, cache, new AdmissionChain(List.of(
                new NamespaceLifecycle(ns -> namespaceLookup(resources, ns)),
                new DefaultTolerationSeconds(options.admission().defaultNotReadyTolerationSeconds(),
                        options.admission().defaultUnreachableTolerationSeconds()),
                new CertificateRequestor(),
                new PriorityClassDefault(() -> cache.list("/registry/priorityclasses.scheduling.k8s.io/", null).items().stream()
                        .map(c -> (com.fasterxml.jackson.databind.JsonNode) c.object()).toList()))),
                Map.of(ServiceAllocator.RESOURCE, serviceAllocator));
        // CRDs stored before this start are served before the server reports ready.
        this.crds = new CrdController(registry, resources);
        crds.start();
        metrics.watchers(cache::watcherCount);
        metrics.cachedObjects(cache::size);

        DiscoveryDocuments discovery = new DiscoveryDocuments(resources);
        OpenApiEndpoint openApi = new OpenApiEndpoint(resources);
        Authorizer authorizer = Authorizer.alwaysAllow();
        ResourceEndpoints resourceEndpoints = new ResourceEndpoints(resources, registry, new ListOperation(store, cache),
                new WatchStreamer(cache), new FieldValidation(FieldValidator::builtin), new AccessReviews(authorizer));
        NonResourceEndpoints nonResource = new NonResourceEndpoints(discovery, metrics, openApi, () -> ready,
                () -> advertisedHost() + ":" + port());
        ApiHandler handler = new ApiHandler(List.of(new ClientCertificateAuthenticator()), authorizer,
                nonResource, resourceEndpoints, metrics);
        this.listener = new HttpsListener(options.bindAddress(), options.port(), pki, handler);
        listener.start();
        long tListen = System.nanoTime();

        SystemNamespaces.ensure(registry, resources.find("", "v1", "namespaces").orElseThrow());
        SystemPriorityClasses.ensure(registry, resources.find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow());
        KubernetesService kubernetesService = new KubernetesService(registry, resources, serviceCidr.firstAddress(), port(),
                KubernetesService.advertiseAddress(options.bindAddress()).orElse(null));
        kubernetesService.ensure();
        Kubeconfig.write(dir.resolve("kubeconfig"), url(), pki);

        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("compactor").factory());
        scheduleCompaction();
        // As upstream: the bootstrap controller every 10 s, the allocation repair every 3 min.
        housekeeping.scheduleWithFixedDelay(kubernetesService::ensure, 10, 10, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                allocationRepair.run();
            } catch (RuntimeException e) {
                LOG.warn("service allocation repair failed", e);
            }
        }, 3, 3, TimeUnit.MINUTES);
        ready = true;
        openApi.warmUp();
        LOG.info("kube4j API server ready at {} (data in {}, datastore {}) in {} ms: pki {} ms, store+cache {} ms, listener {} ms",
                url(), dir, options.datastore().describe(), ms(System.nanoTime() - t0), ms(tPki - t0), ms(tStore - tPki), ms(tListen - tStore));
    }

    private static ResourceRegistry builtinResources() {
        ResourceRegistry resources = new ResourceRegistry();
        for (ResourceDefinition def : BuiltinResources.all()) {
            resources.register(def, BuiltinStrategies.forResource(def.group(), def.gvk().version(), def.plural()),
                    BuiltinResources.storageApiVersion(def));
        }
        return resources;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    public static ApiServer start(ApiServerOptions options) throws Exception {
        return new ApiServer(options);
    }

    private com.fasterxml.jackson.databind.JsonNode namespaceLookup(ResourceRegistry resources, String ns) {
        var cached = cache.get("/registry/namespaces/" + ns);
        if (cached != null) {
            return cached.object();
        }
        return store.get("/registry/namespaces/" + ns)
                .map(kv -> (com.fasterxml.jackson.databind.JsonNode) dev.kube4j.apiserver.registry.ObjectCodec
                        .decodeStored(kv.value(), kv.modRevision()))
                .orElse(null);
    }

    /**
     * Compacts the store to the revision seen one interval ago, so watches can resume from
     * anything newer, as upstream compacts etcd every five minutes.
     */
    private void scheduleCompaction() {
        long intervalMs = options.compactInterval().toMillis();
        long[] previous = {store.currentRevision()};
        housekeeping.scheduleAtFixedRate(() -> {
            try {
                long target = previous[0];
                previous[0] = store.currentRevision();
                if (target > store.compactedRevision()) {
                    store.compact(target);
                }
            } catch (RuntimeException e) {
                LOG.warn("compaction failed", e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private String advertisedHost() {
        String b = options.bindAddress();
        return b.equals("0.0.0.0") || b.equals("::") ? "127.0.0.1" : b.contains(":") ? "[" + b + "]" : b;
    }

    public String url() {
        return "https://" + advertisedHost() + ":" + listener.port();
    }

    public int port() {
        return listener.port();
    }

    public ClusterPki pki() {
        return pki;
    }

    public Path kubeconfig() {
        return options.dataDir().resolve("kubeconfig");
    }

    public boolean isReady() {
        return ready;
    }

    @Override
    public void close() {
        long start = System.nanoTime();
        ready = false;
        try {
            listener.close();
        } catch (Exception e) {
            LOG.warn("stopping the listener failed", e);
        }
        housekeeping.shutdownNow();
        crds.close();
        cache.close();
        store.close();
        LOG.info("kube4j API server stopped in {} ms", ms(System.nanoTime() - start));
    }
}
