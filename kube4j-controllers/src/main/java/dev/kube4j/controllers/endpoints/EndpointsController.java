package dev.kube4j.controllers.endpoints;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Upstream's endpoints and endpointslice controllers in one loop per service: for every service
 * with a selector, the pods it selects become its Endpoints ({@link EndpointsWriter}) and its
 * EndpointSlices ({@link EndpointSliceWriter}). Services without a selector are left to whoever
 * manages their endpoints (the API server's own {@code kubernetes} service, users).
 */
public final class EndpointsController extends SharedInformerController {

    /** fabric8's informers index every object by namespace under this name. */
    static final String NAMESPACE_INDEX = Cache.NAMESPACE_INDEX;

    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Endpoints> endpoints;
    private SharedIndexInformer<EndpointSlice> slices;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;

    @Override
    public String name() {
        return "endpoints";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        queue = new WorkQueue<>("endpoints", new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(30)));
        services = informers.get(Service.class);
        pods = informers.get(Pod.class);
        endpoints = informers.get(Endpoints.class);
        slices = informers.get(EndpointSlice.class);
        // Only the slices this controller manages are indexed by service; others never match a key.
        informers.index(slices, EndpointSliceWriter.SERVICE_INDEX, s -> managedSliceKey(s));
        services.addEventHandler(EventHandlers.onChange(s -> queue.add(Cache.metaNamespaceKeyFunc(s)),
                s -> queue.add(Cache.metaNamespaceKeyFunc(s))));
        pods.addEventHandler(EventHandlers.onChange(this::podChanged, this::podChanged));
        EndpointsWriter endpointsWriter = new EndpointsWriter(client, key -> endpoints.getIndexer().getByKey(key));
        EndpointSliceWriter sliceWriter = new EndpointSliceWriter(client, key -> slices.getIndexer().byIndex(EndpointSliceWriter.SERVICE_INDEX, key));
        loop = new ControllerLoop<>("endpoints", queue, key -> reconcile(key, endpointsWriter, sliceWriter), 2);
        informers.whenSynced(loop::start);
    }

    private static String managedSliceKey(EndpointSlice s) {
        Map<String, String> labels = s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels();
        if (!EndpointSliceWriter.CONTROLLER.equals(labels.get(EndpointSliceWriter.MANAGED_BY))) {
            return "";
        }
        return s.getMetadata().getNamespace() + "/" + labels.getOrDefault(EndpointSliceWriter.SERVICE_NAME, "");
    }

    /** A pod change matters to every service in its namespace that selects it (before or after: both are queued). */
    private void podChanged(Pod pod) {
        for (Service s : services.getIndexer().byIndex(NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (ServiceBackends.selects(s, pod) || hasBackend(s, pod)) {
                queue.add(Cache.metaNamespaceKeyFunc(s));
            }
        }
    }

    /** Whether the service's current Endpoints still name this pod (it may just have stopped matching). */
    private boolean hasBackend(Service s, Pod pod) {
        Endpoints ep = endpoints.getIndexer().getByKey(Cache.metaNamespaceKeyFunc(s));
        if (ep == null || ep.getSubsets() == null) {
            return false;
        }
        String uid = pod.getMetadata().getUid();
        return ep.getSubsets().stream().flatMap(ss -> java.util.stream.Stream.concat(
                        ss.getAddresses() == null ? java.util.stream.Stream.empty() : ss.getAddresses().stream(),
                        ss.getNotReadyAddresses() == null ? java.util.stream.Stream.empty() : ss.getNotReadyAddresses().stream()))
                .anyMatch(a -> a.getTargetRef() != null && uid.equals(a.getTargetRef().getUid()));
    }

    private ReconcileResult reconcile(String key, EndpointsWriter endpointsWriter, EndpointSliceWriter sliceWriter) {
        Service svc = services.getIndexer().getByKey(key);
        if (svc == null) {
            endpointsWriter.deleteFor(key);
            sliceWriter.deleteFor(key);
            return ReconcileResult.done();
        }
        if (svc.getSpec().getSelector() == null || svc.getSpec().getSelector().isEmpty()) {
            sliceWriter.deleteFor(key); // only slices this controller made; Endpoints belong to whoever set them
            return ReconcileResult.done();
        }
        List<ServiceBackends.Backend> backends = ServiceBackends.of(svc,
                pods.getIndexer().byIndex(NAMESPACE_INDEX, svc.getMetadata().getNamespace()));
        endpointsWriter.write(svc, backends);
        sliceWriter.write(svc, backends);
        return ReconcileResult.done();
    }

    @Override
    protected void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }
}
