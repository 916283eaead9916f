package dev.kube4j.scheduler.cache;

import dev.kube4j.controllers.core.ImageNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A node with what the scheduler knows is placed on it: pods, their summed requests, host ports in use, images. */
public final class NodeInfo {

    private Node node;
    private Resources allocatable;
    // Read by the filters for hundreds of nodes per pod: kept at hand rather than dug out of the Node.
    private boolean unschedulable;
    private java.util.List<io.fabric8.kubernetes.api.model.Taint> taints;
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    /** Each pod's {requests, requests for scoring} as added: a removal subtracts them without computing them again. */
    private final Map<String, Resources[]> podRequests = new java.util.HashMap<>();
    private final Resources requested = new Resources();
    private final Resources requestedForScoring = new Resources();
    private final Set<String> usedHostPorts = new HashSet<>();
    private Map<String, Long> imageSizes; // from the node's status.images, on first use after each node update

    public NodeInfo(Node node) {
        setNode(node);
    }

    public void setNode(Node node) {
        this.node = node;
        this.allocatable = Resources.of(node.getStatus() == null ? null : node.getStatus().getAllocatable());
        var spec = node.getSpec();
        this.unschedulable = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
        this.taints = spec == null || spec.getTaints() == null ? java.util.List.of() : spec.getTaints();
        this.imageSizes = null;
    }

    /**
     * The node's images by normalized name ({@code nginx:1.23} for {@code docker.io/library/nginx:1.23}),
     * with their sizes: upstream's NodeInfo.ImageStates, looked up per node for every pod scored.
     */
    public Map<String, Long> imageSizes() {
        if (imageSizes == null) {
            Map<String, Long> sizes = new java.util.HashMap<>();
            var images = node.getStatus() == null ? null : node.getStatus().getImages();
            if (images != null) {
                for (var image : images) {
                    long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
                    if (image.getNames() != null) {
                        image.getNames().forEach(name -> sizes.put(ImageNames.normalize(name), size));
                    }
                }
            }
            imageSizes = sizes.isEmpty() ? Map.of() : sizes;
        }
        return imageSizes;
    }

    /** spec.unschedulable (cordoned). */
    public boolean unschedulable() {
        return unschedulable;
    }

    /** spec.taints, never null. */
    public java.util.List<io.fabric8.kubernetes.api.model.Taint> taints() {
        return taints;
    }

    public Node node() {
        return node;
    }

    public String name() {
        return node.getMetadata().getName();
    }

    public Map<String, String> labels() {
        Map<String, String> l = node.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    public Resources allocatable() {
        return allocatable;
    }

    public Resources requested() {
        return requested;
    }

    public Resources requestedForScoring() {
        return requestedForScoring;
    }

    public Collection<Pod> pods() {
        return pods.values();
    }

    public Map<String, Pod> podsByKey() {
        return pods;
    }

    public int podCount() {
        return pods.size();
    }

    public boolean hostPortInUse(String protocol, String hostIP, int port) {
        String ip = hostIP == null || hostIP.isEmpty() ? "0.0.0.0" : hostIP;
        if (ip.equals("0.0.0.0")) {
            // A wildcard conflicts with the port on any address.
            return usedHostPorts.stream().anyMatch(k -> k.startsWith(protocol + "/") && k.endsWith("/" + port));
        }
        return usedHostPorts.contains(protocol + "/" + ip + "/" + port) || usedHostPorts.contains(protocol + "/0.0.0.0/" + port);
    }

    public void addPod(String key, Pod pod) {
        if (pods.put(key, pod) != null) {
            throw new IllegalStateException("pod " + key + " already on " + name());
        }
        Resources[] counted = {PodRequests.of(pod), PodRequests.forScoring(pod)};
        podRequests.put(key, counted);
        requested.add(counted[0]);
        requestedForScoring.add(counted[1]);
        forEachHostPort(pod, usedHostPorts::add);
    }

    public void removePod(String key) {
        Pod pod = pods.remove(key);
        if (pod == null) {
            return;
        }
        Resources[] counted = podRequests.remove(key);
        requested.subtract(counted[0]);
        requestedForScoring.subtract(counted[1]);
        Set<String> released = new HashSet<>();
        forEachHostPort(pod, released::add);
        usedHostPorts.removeAll(released);
    }

    /** Host ports as "protocol/hostIP/port" keys. */
    static void forEachHostPort(Pod pod, java.util.function.Consumer<String> sink) {
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                    String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? "0.0.0.0" : p.getHostIP();
                    sink.accept(proto + "/" + ip + "/" + p.getHostPort());
                }
            }
        }
    }
}
