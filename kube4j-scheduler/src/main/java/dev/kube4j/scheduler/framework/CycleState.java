package dev.kube4j.scheduler.framework;

import dev.kube4j.scheduler.cache.ClusterCache;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What one scheduling cycle knows: the pod, the cluster, and whatever plugins computed once for this pod. */
public final class CycleState {

    private final Pod pod;
    private final ClusterCache cluster;
    private final Map<String, Object> data = new HashMap<>();

    public CycleState(Pod pod, ClusterCache cluster) {
        this.pod = pod;
        this.cluster = cluster;
    }

    public Pod pod() {
        return pod;
    }

    public ClusterCache cluster() {
        return cluster;
    }

    /** A value computed on first use and shared by the plugin's calls for every node in this cycle. */
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(String key, Supplier<T> compute) {
        return (T) data.computeIfAbsent(key, k -> compute.get());
    }
}
