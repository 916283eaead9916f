package dev.kube4j.node.hollow;

import dev.kube4j.controllers.runtime.ReconcileResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
            Pod updated = new PodBuilder(pod).withStatus(step.status()).build();
            client.resource(updated).updateStatus();
        }
        return step.recheckAfter() == null ? ReconcileResult.done() : ReconcileResult.requeueAfter(step.recheckAfter());
    }
}
