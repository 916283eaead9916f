package dev.kube4j.node.hollow;

import dev.kube4j.controllers.runtime.RawRequests;
import dev.kube4j.controllers.runtime.ReconcileResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** The pod side of a hollow kubelet: reports the status {@link HollowPodLifecycle} computes, and finishes deletions. */
final class HollowPodWorker {

    private final KubernetesClient client;
    private final Map<String, HollowNode> nodes;
    private final Function<String, Pod> pods;
    /** Called with a node's name when it "pulled" a new image, so its status lists it. */
    private final Consumer<String> imagesChanged;

    HollowPodWorker(KubernetesClient client, Map<String, HollowNode> nodes, Function<String, Pod> pods,
                    Consumer<String> imagesChanged) {
        this.client = client;
        this.nodes = nodes;
        this.pods = pods;
        this.imagesChanged = imagesChanged;
    }

    ReconcileResult reconcile(String key) {
        Pod pod = pods.apply(key);
        if (pod == null) {
            return ReconcileResult.done();
        }
        HollowNode node = nodes.get(pod.getSpec().getNodeName());
        if (node == null || node.stopped()) {
            return ReconcileResult.done(); // a stopped node does nothing; it catches up when it returns
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // Containers "stop" at once, so the kubelet's final delete (grace period 0) follows straight away.
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withGracePeriod(0).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            return ReconcileResult.done();
        }
        boolean newImage = false;
        for (Container c : pod.getSpec().getContainers()) {
            newImage |= node.pulled(c.getImage());
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                newImage |= node.pulled(c.getImage());
            }
        }
        if (newImage) {
            imagesChanged.accept(node.name());
        }
        HollowPodLifecycle.Step step = HollowPodLifecycle.next(pod, node.internalIP(), node.podAddresses()::allocate, Instant.now());
        if (step.status() != null) {
            patchStatus(pod, step.status());
        }
        return step.recheckAfter() == null ? ReconcileResult.done() : ReconcileResult.requeueAfter(step.recheckAfter());
    }

    /**
     * Sends the new status as kubelet does, a strategic merge patch of pods/status naming the pod's
     * uid (a pod deleted and recreated under the same name is not written to), and here also the
     * resourceVersion it was computed from: a status computed from a stale copy gets 409 and is
     * computed again from the informer's next one, as a whole-object update would. Neither the pod
     * nor the answer goes through a decoded object: a status update per started pod was the hollow
     * kubelet's largest cost.
     */
    private void patchStatus(Pod pod, PodStatus status) {
        var meta = pod.getMetadata();
        var serialization = client.getKubernetesSerialization();
        String patch = "{\"metadata\":" + serialization.asJson(new ObjectMetaBuilder().withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion()).build())
                + ",\"status\":" + serialization.asJson(status) + "}";
        String path = "api/v1/namespaces/" + meta.getNamespace() + "/pods/" + meta.getName() + "/status";
        try {
            RawRequests.send(client, "PATCH", path, "application/strategic-merge-patch+json", patch, 404);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted patching " + path, e);
        }
    }
}
