package dev.kube4j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's view of the cluster: nodes with the pods placed on them, fed by informers and by
 * the scheduler's own decisions ("assumed" pods, placed before the binding is confirmed so the next
 * pod already sees the space taken). Not thread-safe: the scheduler serializes access.
 */
public final class ClusterCache {

    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    /** Where each known assigned pod is, by namespace/name key. */
    private final Map<String, String> podNode = new HashMap<>();
    /** Pods bound to nodes we have not seen yet. */
    private final Map<String, Pod> orphans = new HashMap<>();
    /** Assigned pods with required anti-affinity: every incoming pod must respect them, so they are kept at hand. */
    private final Map<String, Pod> withRequiredAntiAffinity = new HashMap<>();
    /** Pods per node of each controller (ownerReference with controller=true), by owner uid, for spreading. */
    private final Map<String, Map<String, Integer>> ownerCounts = new HashMap<>();
    /**
     * How many nodes have each image (by normalized name), kept as nodes come, change and go:
     * upstream's imageStates. ImageLocality needs it for every pod, and counting across 5,000 nodes
     * per pod was a quarter of the scheduler's own work.
     */
    private final Map<String, Integer> nodesWithImage = new HashMap<>();
    private List<NodeInfo> list = List.of();
    private boolean listStale = true;

    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    public void upsertNode(Node node) {
        NodeInfo info = nodes.get(node.getMetadata().getName());
        if (info != null) {
            countImages(info, -1);
            info.setNode(node);
            countImages(info, 1);
            return;
        }
        info = new NodeInfo(node);
        countImages(info, 1);
        nodes.put(info.name(), info);
        listStale = true;
        for (var it = orphans.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (info.name().equals(e.getValue().getSpec().getNodeName())) {
                info.addPod(e.getKey(), e.getValue());
                it.remove();
            }
        }
    }

    public void removeNode(String name) {
        NodeInfo info = nodes.remove(name);
        if (info != null) {
            countImages(info, -1);
            listStale = true;
            for (Pod p : info.pods()) {
                orphans.put(key(p), p);
            }
        }
    }

    /**
     * Records an assigned, non-terminal pod on its node (or forgets it when it is unassigned,
     * finished, or null = deleted). Idempotent, so informer updates and assumed placements mix.
     */
    public void upsertPod(String key, Pod pod) {
        String previous = podNode.remove(key);
        if (previous != null) {
            NodeInfo n = nodes.get(previous);
            if (n != null) {
                Pod old = n.podsByKey().get(key);
                n.removePod(key);
                countOwner(old, previous, -1);
            }
        }
        Pod orphan = orphans.remove(key);
        if (orphan != null) {
            countOwner(orphan, orphan.getSpec().getNodeName(), -1);
        }
        withRequiredAntiAffinity.remove(key);
        if (pod == null || !occupiesNode(pod)) {
            return;
        }
        String nodeName = pod.getSpec().getNodeName();
        podNode.put(key, nodeName);
        countOwner(pod, nodeName, 1);
        var affinity = pod.getSpec().getAffinity();
        if (affinity != null && affinity.getPodAntiAffinity() != null
                && affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty()) {
            withRequiredAntiAffinity.put(key, pod);
        }
        NodeInfo n = nodes.get(nodeName);
        if (n != null) {
            n.addPod(key, pod);
        } else {
            orphans.put(key, pod);
        }
    }

    private void countOwner(Pod pod, String nodeName, int delta) {
        String owner = pod == null ? null : controllerUid(pod);
        if (owner == null) {
            return;
        }
        Map<String, Integer> perNode = ownerCounts.computeIfAbsent(owner, k -> new HashMap<>());
        int n = perNode.getOrDefault(nodeName, 0) + delta;
        if (n <= 0) {
            perNode.remove(nodeName);
            if (perNode.isEmpty()) {
                ownerCounts.remove(owner);
            }
        } else {
            perNode.put(nodeName, n);
        }
    }

    /** The uid of the pod's controlling owner (ReplicaSet, StatefulSet, Job, …), or null. */
    public static String controllerUid(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (var ref : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref.getUid();
            }
        }
        return null;
    }

    /** How many pods of the controller {@code ownerUid} are on each node. */
    public Map<String, Integer> ownerPodsPerNode(String ownerUid) {
        return ownerCounts.getOrDefault(ownerUid, Map.of());
    }

    public java.util.Collection<Pod> podsWithRequiredAntiAffinity() {
        return withRequiredAntiAffinity.values();
    }

    /** Assigned and still holding resources: terminal pods free theirs, as upstream's cache does. */
    public static boolean occupiesNode(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    public NodeInfo node(String name) {
        return nodes.get(name);
    }

    public String nodeOf(String podKey) {
        return podNode.get(podKey);
    }

    private void countImages(NodeInfo info, int delta) {
        for (String image : info.imageSizes().keySet()) {
            nodesWithImage.merge(image, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** How many nodes have the image (a normalized name, as {@link NodeInfo#imageSizes()} keys them). */
    public int nodesWithImage(String normalizedName) {
        return nodesWithImage.getOrDefault(normalizedName, 0);
    }

    /** Every node, in a stable order (reused between calls while no node comes or goes). */
    public List<NodeInfo> nodes() {
        if (listStale) {
            list = new ArrayList<>(nodes.values());
            listStale = false;
        }
        return list;
    }
}
