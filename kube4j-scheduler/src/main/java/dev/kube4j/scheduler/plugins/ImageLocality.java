package dev.kube4j.scheduler.plugins;

import dev.kube4j.controllers.core.ImageNames;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerImage;

import java.util.List;

/**
 * Prefer nodes that already have the pod's images (node.status.images), by size, between
 * upstream's thresholds (23 MiB and 1000 MiB per container) so tiny images do not matter.
 */
public final class ImageLocality implements ScorePlugin {

    static final long MIN_THRESHOLD = 23L * 1024 * 1024;
    static final long MAX_THRESHOLD_PER_CONTAINER = 1000L * 1024 * 1024;

    @Override
    public String name() {
        return "ImageLocality";
    }

    @Override
    public int weight() {
        return 1;
    }

    @Override
    public long score(CycleState state, NodeInfo node) {
        List<ContainerImage> images = node.node().getStatus() == null ? null : node.node().getStatus().getImages();
        if (images == null || images.isEmpty()) {
            return 0;
        }
        long sum = 0;
        List<Container> containers = state.pod().getSpec().getContainers();
        for (Container c : containers) {
            for (ContainerImage img : images) {
                if (img.getNames() != null && img.getNames().stream().anyMatch(n -> sameImage(n, c.getImage()))) {
                    sum += img.getSizeBytes() == null ? 0 : img.getSizeBytes();
                    break;
                }
            }
        }
        long max = MAX_THRESHOLD_PER_CONTAINER * containers.size();
        long clamped = Math.max(MIN_THRESHOLD, Math.min(max, sum));
        return (clamped - MIN_THRESHOLD) * MAX_NODE_SCORE / (max - MIN_THRESHOLD);
    }

    /** "nginx:1.23" matches "docker.io/library/nginx:1.23"; no tag means ":latest". */
    static boolean sameImage(String nodeName, String podImage) {
        if (podImage == null) {
            return false;
        }
        return normalize(nodeName).equals(normalize(podImage));
    }

    static String normalize(String image) {
        return ImageNames.normalize(image);
    }
}
