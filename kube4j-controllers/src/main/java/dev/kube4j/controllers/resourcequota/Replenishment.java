package dev.kube4j.controllers.resourcequota;

import dev.kube4j.api.quota.QuotaEvaluator.QuotaResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Upstream's quota replenishment: an informer per counted resource, started the first time a
 * quota counts it, recounts a namespace's quotas when one of its objects is deleted, or a pod
 * stops using compute resources (finished, or marked for deletion). Creations need nothing:
 * admission charged them already.
 */
final class Replenishment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replenishment.class);

    private final KubernetesClient client;
    private final QuotaResources resources;
    private final Consumer<String> recountNamespace;
    private final Map<QuotaResource, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();

    Replenishment(KubernetesClient client, QuotaResources resources, Consumer<String> recountNamespace) {
        this.client = client;
        this.resources = resources;
        this.recountNamespace = recountNamespace;
    }

    /** Starts following {@code r} unless already done (or the server does not serve it yet). */
    void watch(QuotaResource r) {
        if (informers.containsKey(r)) {
            return;
        }
        Optional<ResourceDefinitionContext> ctx = resources.context(r);
        if (ctx.isEmpty()) {
            return;
        }
        informers.computeIfAbsent(r, key -> {
            SharedIndexInformer<GenericKubernetesResource> i = client.genericKubernetesResources(ctx.get())
                    .inAnyNamespace().runnableInformer(0);
            i.addEventHandler(handler(key.equals(QuotaResource.PODS)));
            i.exceptionHandler((started, t) -> {
                log.debug("quota replenishment informer {}: {}", key, t.toString());
                return true;
            });
            i.start();
            return i;
        });
    }

    private ResourceEventHandler<GenericKubernetesResource> handler(boolean pods) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                if (pods && (stoppedRunning(oldObj, newObj) || startedDeleting(oldObj, newObj))) {
                    recountNamespace.accept(newObj.getMetadata().getNamespace());
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                recountNamespace.accept(obj.getMetadata().getNamespace());
            }
        };
    }

    private static boolean stoppedRunning(GenericKubernetesResource before, GenericKubernetesResource after) {
        return !terminal(before) && terminal(after);
    }

    private static boolean terminal(GenericKubernetesResource pod) {
        Object phase = pod.get("status", "phase");
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean startedDeleting(GenericKubernetesResource before, GenericKubernetesResource after) {
        return before.getMetadata().getDeletionTimestamp() == null
                && !Objects.isNull(after.getMetadata().getDeletionTimestamp());
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
