package dev.kube4j.controllers.gc;

import dev.kube4j.controllers.runtime.MergePatch;
import dev.kube4j.controllers.runtime.RawRequests;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The reconcile step for one object (by uid): upstream's attemptToDeleteItem, orphaning and foreground handling. */
final class GcSync {

    private static final Logger log = LoggerFactory.getLogger(GcSync.class);

    private final KubernetesClient client;
    private final OwnerGraph graph;
    private final Function<OwnerReference, GcResource> resources;
    private final WorkQueue<String> queue;

    GcSync(KubernetesClient client, OwnerGraph graph, Function<OwnerReference, GcResource> resources, WorkQueue<String> queue) {
        this.client = client;
        this.graph = graph;
        this.queue = queue;
        this.resources = resources;
    }

    ReconcileResult reconcile(String uid) throws Exception {
        OwnerGraph.Node node = graph.get(uid);
        if (node == null) {
            return ReconcileResult.done();
        }
        if (node.deleting()) {
            if (node.hasFinalizer(GarbageCollector.ORPHAN)) {
                orphanDependents(node);
                removeFinalizer(node, GarbageCollector.ORPHAN);
                return ReconcileResult.done();
            }
            if (node.hasFinalizer(GarbageCollector.FOREGROUND)) {
                return processDeletingDependents(node);
            }
            return ReconcileResult.done(); // already going; nothing for the collector to add
        }
        if (node.owners().isEmpty()) {
            return ReconcileResult.done();
        }
        return attemptToDelete(node);
    }

    /** Owner classification of upstream's classifyReferences. */
    private enum OwnerState { SOLID, DANGLING, WAITING_FOR_DEPENDENTS }

    private ReconcileResult attemptToDelete(OwnerGraph.Node node) throws InterruptedException {
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ref : node.owners()) {
            switch (classify(node, ref)) {
                case SOLID -> solid.add(ref);
                case DANGLING -> dangling.add(ref);
                case WAITING_FOR_DEPENDENTS -> waiting.add(ref);
            }
        }
        if (!solid.isEmpty()) {
            if (!dangling.isEmpty() || !waiting.isEmpty()) {
                // Other owners keep it alive: only the references to the gone (or going) owners are dropped.
                Set<String> drop = new java.util.HashSet<>();
                dangling.forEach(r -> drop.add(r.getUid()));
                waiting.forEach(r -> drop.add(r.getUid()));
                patchOwnerReferences(node, drop);
            }
            return ReconcileResult.done();
        }
        String policy;
        if (!waiting.isEmpty() && !graph.dependentsOf(node.uid()).isEmpty()) {
            // Its own dependents must go first too: the owner waits for the whole subtree.
            policy = "Foreground";
        } else if (node.hasFinalizer(GarbageCollector.ORPHAN)) {
            policy = "Orphan";
        } else if (node.hasFinalizer(GarbageCollector.FOREGROUND)) {
            policy = "Foreground";
        } else {
            policy = "Background";
        }
        log.debug("deleting {} {}/{} (owners gone), propagation {}", node.resource().kind(), node.namespace(), node.name(), policy);
        delete(node, policy);
        return ReconcileResult.done();
    }

    private OwnerState classify(OwnerGraph.Node node, OwnerReference ref) {
        OwnerGraph.Node owner = graph.get(ref.getUid());
        if (owner != null) {
            return owner.deletingDependents() ? OwnerState.WAITING_FOR_DEPENDENTS : OwnerState.SOLID;
        }
        // Not observed (yet): ask the server, as upstream's isDangling does.
        GcResource r = resources.apply(ref);
        if (r == null) {
            throw new IllegalStateException("cannot resolve owner kind " + ref.getApiVersion() + "/" + ref.getKind()
                    + " of " + node.resource().kind() + " " + node.namespace() + "/" + node.name());
        }
        if (r.namespaced() && node.namespace() == null) {
            return OwnerState.SOLID; // a cluster-scoped object cannot name a namespaced owner; leave it alone
        }
        var op = client.genericKubernetesResources(r.context());
        GenericKubernetesResource live = r.namespaced() ? op.inNamespace(node.namespace()).withName(ref.getName()).get()
                : op.withName(ref.getName()).get();
        if (live == null || !ref.getUid().equals(live.getMetadata().getUid())) {
            return OwnerState.DANGLING;
        }
        boolean foreground = live.getMetadata().getDeletionTimestamp() != null
                && live.getMetadata().getFinalizers() != null && live.getMetadata().getFinalizers().contains(GarbageCollector.FOREGROUND);
        return foreground ? OwnerState.WAITING_FOR_DEPENDENTS : OwnerState.SOLID;
    }

    /** Foreground deletion: dependents go first; the owner's finalizer goes once no blocking dependent is left. */
    private ReconcileResult processDeletingDependents(OwnerGraph.Node owner) {
        List<OwnerGraph.Node> dependents = graph.dependentsOf(owner.uid());
        boolean blocked = false;
        for (OwnerGraph.Node d : dependents) {
            OwnerReference ref = d.ownerRef(owner.uid());
            if (ref != null && Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
                blocked = true;
            }
            if (!d.deleting()) {
                queue.add(d.uid());
            }
        }
        if (blocked) {
            // Their deletion events queue the owner again; the backoff is a safety net.
            return ReconcileResult.requeueWithBackoff();
        }
        removeFinalizer(owner, GarbageCollector.FOREGROUND);
        return ReconcileResult.done();
    }

    private void orphanDependents(OwnerGraph.Node owner) {
        for (OwnerGraph.Node d : graph.dependentsOf(owner.uid())) {
            patchLive(d, live -> {
                List<OwnerReference> refs = new ArrayList<>(live.getMetadata().getOwnerReferences());
                if (!refs.removeIf(r -> owner.uid().equals(r.getUid()))) {
                    return null;
                }
                return ownerReferencesPatch(refs);
            });
        }
    }

    private void removeFinalizer(OwnerGraph.Node node, String finalizer) {
        patchLive(node, live -> {
            List<String> left = new ArrayList<>(live.getMetadata().getFinalizers());
            if (!left.remove(finalizer)) {
                return null;
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("finalizers", left.isEmpty() ? null : left);
            return meta;
        });
    }

    private void patchOwnerReferences(OwnerGraph.Node node, Set<String> dropOwnerUids) {
        patchLive(node, live -> {
            List<OwnerReference> refs = new ArrayList<>(live.getMetadata().getOwnerReferences());
            if (!refs.removeIf(r -> dropOwnerUids.contains(r.getUid()))) {
                return null;
            }
            return ownerReferencesPatch(refs);
        });
    }

    private static Map<String, Object> ownerReferencesPatch(List<OwnerReference> refs) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ownerReferences", refs.isEmpty() ? null : refs);
        return meta;
    }

    /**
     * A merge patch of metadata computed from the live object and pinned to its uid and
     * resourceVersion; other writers (controllers updating status) make it retry, a few times.
     * {@code change} returns null when there is nothing to change.
     */
    private void patchLive(OwnerGraph.Node node, Function<GenericKubernetesResource, Map<String, Object>> change) {
        var op = client.genericKubernetesResources(node.resource().context());
        var resource = node.resource().namespaced() ? op.inNamespace(node.namespace()).withName(node.name()) : op.withName(node.name());
        for (int attempt = 0; ; attempt++) {
            GenericKubernetesResource live = resource.get();
            if (live == null || !node.uid().equals(live.getMetadata().getUid())) {
                return;
            }
            Map<String, Object> meta = change.apply(live);
            if (meta == null) {
                return;
            }
            meta.put("uid", node.uid());
            meta.put("resourceVersion", live.getMetadata().getResourceVersion());
            try {
                resource.patch(PatchContext.of(PatchType.JSON_MERGE), MergePatch.json(Map.of("metadata", meta)));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409 || attempt >= 4) {
                    throw e;
                }
            }
        }
    }

    /** DELETE with the uid as precondition, so an object re-created under the same name is never hit. */
    private void delete(OwnerGraph.Node node, String policy) throws InterruptedException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("apiVersion", "v1");
        options.put("kind", "DeleteOptions");
        options.put("propagationPolicy", policy);
        options.put("preconditions", Map.of("uid", node.uid()));
        RawRequests.send(client, "DELETE", node.resource().path(node.namespace(), node.name()), options, 404, 409);
    }
}
