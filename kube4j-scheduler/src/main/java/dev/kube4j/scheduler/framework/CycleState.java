package dev.kube4j.scheduler.framework;

import dev.kube4j.scheduler.cache.ClusterCache;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

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

    /**
     * A value computed on first use and shared by the plugin's calls for every node in this cycle.
     * {@code compute} gets this state, so callers can pass a lambda that captures nothing: these
     * calls happen for every node a pod is checked against, and a capturing lambda is an allocation
     * each time.
     */
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(String key, Function<CycleState, T> compute) {
        Object value = data.get(key);
        if (value == null) {
            value = compute.apply(this);
            data.put(key, value);
        }
        return (T) value;
    }
}
