package dev.kube4j.scheduler.plugins;

import dev.kube4j.controllers.core.ImageNames;
import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prefer nodes that already have the pod's images (node.status.images), as upstream: each image's
 * size scaled by the share of nodes that have it (so an image everywhere does not pull pods onto
 * one node), summed over init and app containers, between upstream's thresholds (23 MiB and
 * 1000 MiB per container) so tiny images do not matter. Names compare normalized, so
 * {@code nginx:1.23} is {@code docker.io/library/nginx:1.23}.
 */
public final class ImageLocality implements ScorePlugin {

    static final long MIN_THRESHOLD = 23L * 1024 * 1024;
    static final long MAX_THRESHOLD_PER_CONTAINER = 1000L * 1024 * 1024;

    /** The pod's images, normalized, and how many of the cluster's nodes have each: once per cycle. */
    private record PodImages(String[] names, int[] nodesWith, int totalNodes) {

        static PodImages of(CycleState state) {
            List<String> names = new ArrayList<>();
            var spec = state.pod().getSpec();
            for (List<Container> containers : List.of(spec.getInitContainers(), spec.getContainers())) {
                if (containers != null) {
                    containers.forEach(c -> names.add(c.getImage() == null ? "" : ImageNames.normalize(c.getImage())));
                }
            }
            int[] nodesWith = new int[names.size()];
            for (int i = 0; i < nodesWith.length; i++) {
                nodesWith[i] = state.cluster().nodesWithImage(names.get(i));
            }
            return new PodImages(names.toArray(String[]::new), nodesWith, state.cluster().nodes().size());
        }
    }

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
        Map<String, Long> sizes = node.imageSizes();
        if (sizes.isEmpty()) {
            return 0;
        }
        PodImages images = state.computeIfAbsent("ImageLocality", PodImages::of);
        long sum = 0;
        for (int i = 0; i < images.names().length; i++) {
            Long size = sizes.get(images.names()[i]);
            if (size != null && images.totalNodes() > 0) {
                sum += (long) (size * ((double) images.nodesWith()[i] / images.totalNodes()));
            }
        }
        long max = MAX_THRESHOLD_PER_CONTAINER * Math.max(1, images.names().length);
        long clamped = Math.max(MIN_THRESHOLD, Math.min(max, sum));
        return (clamped - MIN_THRESHOLD) * MAX_NODE_SCORE / (max - MIN_THRESHOLD);
    }
}
