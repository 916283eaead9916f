package dev.kube4j.node.hollow;

import dev.kube4j.controllers.core.ImageNames;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated node: its identity (name, addresses, pod CIDR), its Node object as a kubelet
 * registers it, and its status as a healthy kubelet reports it.
 */
final class HollowNode {

    static final String KUBELET_VERSION = "v1.33.0-kube4j-hollow";
    static final int MAX_IMAGES = 50;

    private final String name;
    private final String internalIP;
    private final String podCidr;
    private final PodAddresses podAddresses;
    private final HollowNodeOptions options;
    /** Images "pulled" for pods run here (by normalised name), reported in status.images as a kubelet does. */
    private final Map<String, ContainerImage> images = new ConcurrentHashMap<>();
    /** Set from the Node's {@link HollowAnnotations#STOPPED} annotation. */
    private volatile boolean stopped;

    HollowNode(int index, HollowNodeOptions options) {
        this.name = options.namePrefix() + "-" + index;
        this.options = options;
        // Fake, never routed: node addresses from 100.64.0.0/10, pod CIDRs /24s of 10.64.0.0/10.
        this.internalIP = "100." + (64 + (index >> 16)) + "." + ((index >> 8) & 255) + "." + (index & 255);
        String podPrefix = "10." + (64 + (index >> 8)) + "." + (index & 255) + ".";
        this.podCidr = podPrefix + "0/24";
        this.podAddresses = new PodAddresses(podPrefix);
    }

    String name() {
        return name;
    }

    String internalIP() {
        return internalIP;
    }

    PodAddresses podAddresses() {
        return podAddresses;
    }

    boolean stopped() {
        return stopped;
    }

    void setStopped(boolean stopped) {
        this.stopped = stopped;
    }

    /** Records an image as present on this node; true when it is new (the node should report it). */
    boolean pulled(String image) {
        if (image == null || image.isEmpty()) {
            return false;
        }
        String name = ImageNames.normalize(image);
        return images.putIfAbsent(name, new ContainerImageBuilder()
                .withNames(FakeIds.repoDigest(name), name).withSizeBytes(FakeIds.imageSize(name)).build()) == null;
    }

    /**
     * status.images as a kubelet reports it: each image's repo digest and tag, its size, largest
     * first, at most 50 (the kubelet's --node-status-max-images default).
     */
    List<ContainerImage> imageList() {
        return images.values().stream()
                .sorted(Comparator.comparing(ContainerImage::getSizeBytes).reversed()
                        .thenComparing(c -> c.getNames().get(1)))
                .limit(MAX_IMAGES)
                .toList();
    }

    /** The Node a kubelet registers: labels, pod CIDR, and a first status. */
    Node registration() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(
                        "kubernetes.io/hostname", name,
                        "kubernetes.io/os", "linux",
                        "kubernetes.io/arch", "amd64",
                        "beta.kubernetes.io/os", "linux",
                        "beta.kubernetes.io/arch", "amd64",
                        "node-role.kubernetes.io/worker", "",
                        "node.kube4j.dev/hollow", "true"))
                .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0"))
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(podCidr)
                .withPodCIDRs(podCidr)
                .endSpec()
                .withStatus(status(null, Instant.now()))
                .build();
    }

    /** A healthy kubelet's status; conditions keep their transition times while unchanged. */
    NodeStatus status(NodeStatus previous, Instant now) {
        String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity(options.cpu()),
                "memory", new Quantity(options.memory()),
                "pods", new Quantity(Integer.toString(options.pods())),
                "ephemeral-storage", new Quantity("100Gi"),
                "hugepages-2Mi", new Quantity("0"));
        return new NodeStatusBuilder()
                .withCapacity(resources)
                .withAllocatable(resources)
                .withConditions(
                        condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", t),
                        condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", t),
                        condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", t),
                        condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", t))
                .withImages(imageList())
                .addNewAddress().withType("InternalIP").withAddress(internalIP).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo()
                .withMachineID(FakeIds.containerId(name, "machine", 0).substring(9, 41))
                .withSystemUUID(FakeIds.containerId(name, "system", 0).substring(9, 45))
                .withBootID(FakeIds.containerId(name, "boot", 0).substring(9, 45))
                .withKernelVersion("hollow")
                .withOsImage("kube4j hollow node")
                .withContainerRuntimeVersion("hollow://1.0.0")
                .withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion(KUBELET_VERSION)
                .withOperatingSystem("linux")
                .withArchitecture("amd64")
                .endNodeInfo()
                .build();
    }

    /** True when the reported Ready condition is anything but True (e.g. Unknown after a stop). */
    static boolean needsReadyReport(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return true;
        }
        return node.getStatus().getConditions().stream()
                .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static NodeCondition condition(NodeStatus previous, String type, String status, String reason, String message,
                                           String now) {
        String transition = now;
        if (previous != null && previous.getConditions() != null) {
            for (NodeCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(transition).build();
    }

    static List<String> names(HollowNodeOptions options) {
        return java.util.stream.IntStream.range(0, options.count()).mapToObj(i -> options.namePrefix() + "-" + i).toList();
    }
}
