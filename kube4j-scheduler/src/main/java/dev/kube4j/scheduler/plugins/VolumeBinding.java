package dev.kube4j.scheduler.plugins;

import dev.kube4j.scheduler.cache.NodeInfo;
import dev.kube4j.scheduler.framework.CycleState;
import dev.kube4j.scheduler.framework.FilterPlugin;
import dev.kube4j.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.function.Function;

/**
 * Pods using PersistentVolumeClaims: a missing claim or an unbound claim whose class binds at once
 * makes the pod wait; a bound claim's volume node affinity decides the node. Claims of a
 * WaitForFirstConsumer class are left for the volume binder once the pod has a node.
 */
public final class VolumeBinding implements FilterPlugin {

    private final Function<String, PersistentVolumeClaim> claims;
    private final Function<String, PersistentVolume> volumes;
    private final Function<String, String> bindingModeOfClass;

    /**
     * @param claims             "namespace/name" → claim (null when absent)
     * @param volumes            name → volume
     * @param bindingModeOfClass storage class name → volumeBindingMode (null when unknown)
     */
    public VolumeBinding(Function<String, PersistentVolumeClaim> claims, Function<String, PersistentVolume> volumes,
                         Function<String, String> bindingModeOfClass) {
        this.claims = claims;
        this.volumes = volumes;
        this.bindingModeOfClass = bindingModeOfClass;
    }

    @Override
    public String name() {
        return "VolumeBinding";
    }

    @Override
    public Status preFilter(CycleState state) {
        if (volumesOf(state).isEmpty()) {
            return Status.SKIP;
        }
        for (Volume v : volumesOf(state)) {
            String claimName = v.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim pvc = claims.apply(state.pod().getMetadata().getNamespace() + "/" + claimName);
            if (pvc == null) {
                return Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" not found");
            }
            if (pvc.getMetadata().getDeletionTimestamp() != null) {
                return Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" is being deleted");
            }
            String volumeName = pvc.getSpec().getVolumeName();
            if (volumeName == null || volumeName.isEmpty()) {
                String mode = bindingModeOfClass.apply(pvc.getSpec().getStorageClassName());
                if (!"WaitForFirstConsumer".equals(mode)) {
                    return Status.unresolvable("pod has unbound immediate PersistentVolumeClaims");
                }
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, NodeInfo node) {
        for (Volume v : volumesOf(state)) {
            PersistentVolumeClaim pvc = claims.apply(state.pod().getMetadata().getNamespace() + "/"
                    + v.getPersistentVolumeClaim().getClaimName());
            String volumeName = pvc == null ? null : pvc.getSpec().getVolumeName();
            if (volumeName == null || volumeName.isEmpty()) {
                continue;
            }
            PersistentVolume pv = volumes.apply(volumeName);
            if (pv != null && pv.getSpec().getNodeAffinity() != null && pv.getSpec().getNodeAffinity().getRequired() != null
                    && !Matching.matchesAnyTerm(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms(), node.node())) {
                return Status.unresolvable("node(s) had volume node affinity conflict");
            }
        }
        return Status.SUCCESS;
    }

    /**
     * The pod's claims that wait for a node to be chosen (unbound, class WaitForFirstConsumer): the
     * scheduler annotates them with the node before binding the pod, and the volume binder
     * provisions there (upstream's VolumeBinding PreBind).
     */
    public java.util.List<String> claimsAwaitingNode(io.fabric8.kubernetes.api.model.Pod pod) {
        var vols = pod.getSpec().getVolumes();
        if (vols == null) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Volume v : vols) {
            if (v.getPersistentVolumeClaim() == null) {
                continue;
            }
            PersistentVolumeClaim pvc = claims.apply(pod.getMetadata().getNamespace() + "/" + v.getPersistentVolumeClaim().getClaimName());
            if (pvc != null && (pvc.getSpec().getVolumeName() == null || pvc.getSpec().getVolumeName().isEmpty())
                    && "WaitForFirstConsumer".equals(bindingModeOfClass.apply(pvc.getSpec().getStorageClassName()))) {
                out.add(pvc.getMetadata().getName());
            }
        }
        return out;
    }

    /** The pod's claim volumes, found once per cycle (the filter asks for every node). */
    private static java.util.List<Volume> volumesOf(CycleState state) {
        return state.computeIfAbsent("VolumeBinding/claims", s -> {
            var vols = state.pod().getSpec().getVolumes();
            if (vols == null) {
                return java.util.List.<Volume>of();
            }
            return vols.stream().filter(v -> v.getPersistentVolumeClaim() != null).toList();
        });
    }
}
