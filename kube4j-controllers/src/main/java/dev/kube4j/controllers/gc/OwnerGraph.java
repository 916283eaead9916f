package dev.kube4j.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's GC dependency graph, kept from informer events: every object by uid with its
 * ownerReferences and deletion state, and for every owner uid the uids of its dependents (an
 * owner that is not (yet) observed has dependents but no node, like upstream's virtual nodes).
 */
final class OwnerGraph {

    /** What the collector needs to know of one object. */
    record Node(GcResource resource, String namespace, String name, String uid, String resourceVersion,
                List<OwnerReference> owners, List<String> finalizers, boolean deleting) {

        boolean hasFinalizer(String f) {
            return finalizers.contains(f);
        }

        /** Being deleted with foreground propagation: waits for its blocking dependents. */
        boolean deletingDependents() {
            return deleting && hasFinalizer(GarbageCollector.FOREGROUND);
        }

        OwnerReference ownerRef(String ownerUid) {
            for (OwnerReference r : owners) {
                if (ownerUid.equals(r.getUid())) {
                    return r;
                }
            }
            return null;
        }
    }

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> dependents = new ConcurrentHashMap<>();

    static Node nodeOf(GcResource resource, HasMetadata obj) {
        var m = obj.getMetadata();
        return new Node(resource, m.getNamespace(), m.getName(), m.getUid(), m.getResourceVersion(),
                m.getOwnerReferences() == null ? List.of() : List.copyOf(m.getOwnerReferences()),
                m.getFinalizers() == null ? List.of() : List.copyOf(m.getFinalizers()), m.getDeletionTimestamp() != null);
    }

    /** Records the object's current state; returns the previous one (or null). */
    synchronized Node put(Node node) {
        Node previous = nodes.put(node.uid(), node);
        if (previous != null) {
            for (OwnerReference r : previous.owners()) {
                if (node.ownerRef(r.getUid()) == null) {
                    removeDependent(r.getUid(), node.uid());
                }
            }
        }
        for (OwnerReference r : node.owners()) {
            dependents.computeIfAbsent(r.getUid(), k -> ConcurrentHashMap.newKeySet()).add(node.uid());
        }
        return previous;
    }

    synchronized Node remove(String uid) {
        Node previous = nodes.remove(uid);
        if (previous != null) {
            for (OwnerReference r : previous.owners()) {
                removeDependent(r.getUid(), uid);
            }
        }
        return previous;
    }

    private void removeDependent(String owner, String dependent) {
        Set<String> deps = dependents.get(owner);
        if (deps != null) {
            deps.remove(dependent);
            if (deps.isEmpty()) {
                dependents.remove(owner);
            }
        }
    }

    Node get(String uid) {
        return nodes.get(uid);
    }

    /** The dependents of {@code ownerUid} that are observed. */
    List<Node> dependentsOf(String ownerUid) {
        Set<String> deps = dependents.get(ownerUid);
        if (deps == null) {
            return List.of();
        }
        return deps.stream().map(nodes::get).filter(java.util.Objects::nonNull).toList();
    }
}
