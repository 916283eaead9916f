package dev.kube4j.api.schema;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Strategic-merge-patch metadata of the built-in types ({@code patchStrategy} and
 * {@code patchMergeKey} struct tags upstream), published in the OpenAPI documents as
 * {@code x-kubernetes-patch-strategy} / {@code x-kubernetes-patch-merge-key} so that kubectl
 * computes the same patches as against a real API server. The fabric8 model does not carry it.
 */
public final class PatchMetadata {

    /** Patch strategy and merge key (null for lists of scalars). */
    public record Entry(String strategy, String mergeKey) {
    }

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private static void put(String group, String type, String field, String strategy, String mergeKey) {
        ENTRIES.put(group + type + "." + field, new Entry(strategy, mergeKey));
    }

    static {
        String core = "io.k8s.api.core.v1.";
        String meta = DefinitionNames.META;
        put(meta, "ObjectMeta", "finalizers", "merge", null);
        put(meta, "ObjectMeta", "ownerReferences", "merge", "uid");

        put(core, "PodSpec", "volumes", "merge,retainKeys", "name");
        put(core, "PodSpec", "initContainers", "merge", "name");
        put(core, "PodSpec", "containers", "merge", "name");
        put(core, "PodSpec", "ephemeralContainers", "merge", "name");
        put(core, "PodSpec", "imagePullSecrets", "merge", "name");
        put(core, "PodSpec", "hostAliases", "merge", "ip");
        put(core, "PodSpec", "topologySpreadConstraints", "merge", "topologyKey");
        put(core, "PodSpec", "schedulingGates", "merge", "name");
        put(core, "PodSpec", "resourceClaims", "merge,retainKeys", "name");
        for (String c : new String[] {"Container", "EphemeralContainer"}) {
            put(core, c, "ports", "merge", "containerPort");
            put(core, c, "env", "merge", "name");
            put(core, c, "volumeMounts", "merge", "mountPath");
            put(core, c, "volumeDevices", "merge", "devicePath");
        }
        put(core, "PodStatus", "conditions", "merge", "type");
        put(core, "PodStatus", "podIPs", "merge", "ip");
        put(core, "PodStatus", "hostIPs", "merge", "ip");
        put(core, "PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name");
        put(core, "ServiceSpec", "ports", "merge", "port");
        put(core, "ServiceStatus", "conditions", "merge", "type");
        put(core, "ServiceAccount", "secrets", "merge", "name");
        put(core, "NodeSpec", "podCIDRs", "merge", null);
        put(core, "NodeStatus", "conditions", "merge", "type");
        put(core, "NodeStatus", "addresses", "merge", "type");
        put(core, "NamespaceStatus", "conditions", "merge", "type");
        put(core, "PersistentVolumeClaimStatus", "conditions", "merge", "type");
        put(core, "ReplicationControllerStatus", "conditions", "merge", "type");
        put(core, "ComponentStatus", "conditions", "merge", "type");

        String apps = "io.k8s.api.apps.v1.";
        put(apps, "DeploymentSpec", "strategy", "retainKeys", null);
        put(apps, "DeploymentStatus", "conditions", "merge", "type");
        put(apps, "DaemonSetStatus", "conditions", "merge", "type");
        put(apps, "StatefulSetStatus", "conditions", "merge", "type");
        put(apps, "ReplicaSetStatus", "conditions", "merge", "type");

        put("io.k8s.api.batch.v1.", "JobStatus", "conditions", "merge", "type");
        put("io.k8s.api.autoscaling.v2.", "HorizontalPodAutoscalerStatus", "conditions", "merge", "type");
        put("io.k8s.api.policy.v1.", "PodDisruptionBudgetStatus", "conditions", "merge", "type");
        for (String v : new String[] {"v1", "v1beta1"}) {
            String ar = "io.k8s.api.admissionregistration." + v + ".";
            put(ar, "ValidatingWebhookConfiguration", "webhooks", "merge", "name");
            put(ar, "MutatingWebhookConfiguration", "webhooks", "merge", "name");
        }
    }

    private PatchMetadata() {
    }

    /** The patch metadata of {@code field} in the definition {@code definitionName}, if any. */
    public static Optional<Entry> lookup(String definitionName, String field) {
        return Optional.ofNullable(ENTRIES.get(definitionName + "." + field));
    }
}
