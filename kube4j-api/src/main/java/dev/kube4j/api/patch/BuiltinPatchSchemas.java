package dev.kube4j.api.patch;

import dev.kube4j.apimachinery.patch.PatchSchema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Strategic-merge-patch metadata of the built-in kinds: the {@code patchStrategy} and
 * {@code patchMergeKey} tags of the k8s.io/api types (and of {@code metav1.ObjectMeta}), written
 * down per kind as field paths.
 *
 * <p>Only fields with a tag are listed; other lists are replaced by a patch and other objects
 * merge field by field. Lists without a strategy (e.g. tolerations, a pod's containerStatuses)
 * are replaced as a whole, so the tags of their elements do not matter and are omitted.
 */
public final class BuiltinPatchSchemas {

    private BuiltinPatchSchemas() {
    }

    // metav1.ObjectMeta
    static final PatchSchema OBJECT_META = PatchSchema.builder()
            .merge("ownerReferences", "uid")
            .merge("finalizers")
            .build();

    // core/v1 Container and EphemeralContainerCommon
    static final PatchSchema CONTAINER = PatchSchema.builder()
            .merge("ports", "containerPort")
            .merge("env", "name")
            .merge("volumeMounts", "mountPath")
            .merge("volumeDevices", "devicePath")
            .build();

    // core/v1 PodSpec
    static final PatchSchema POD_SPEC = PatchSchema.builder()
            .strategy("volumes", "merge,retainKeys", "name")
            .merge("initContainers", "name")
            .include("initContainers", CONTAINER)
            .merge("containers", "name")
            .include("containers", CONTAINER)
            .merge("ephemeralContainers", "name")
            .include("ephemeralContainers", CONTAINER)
            .merge("imagePullSecrets", "name")
            .merge("hostAliases", "ip")
            .merge("topologySpreadConstraints", "topologyKey")
            .merge("schedulingGates", "name")
            .strategy("resourceClaims", "merge,retainKeys", "name")
            .merge("evictionResponders", "name")
            .build();

    // core/v1 PodStatus
    static final PatchSchema POD_STATUS = PatchSchema.builder()
            .merge("conditions", "type")
            .merge("hostIPs", "ip")
            .merge("podIPs", "ip")
            .strategy("resourceClaimStatuses", "merge,retainKeys", "name")
            .merge("nodeAllocatableResourceClaimStatuses", "resourceClaimName")
            .merge("nodeAllocatableResourceClaimStatuses.mapping", "name")
            .merge("nodeAllocatableResourceClaimStatuses.overhead", "name")
            .build();

    // core/v1 PodTemplateSpec
    static final PatchSchema POD_TEMPLATE_SPEC = PatchSchema.builder()
            .include("metadata", OBJECT_META)
            .include("spec", POD_SPEC)
            .build();

    /** Status with {@code conditions} merged by {@code type}, the most common tag. */
    private static final PatchSchema CONDITIONS = PatchSchema.builder().merge("conditions", "type").build();

    // batch/v1 JobSpec
    static final PatchSchema JOB_SPEC = PatchSchema.builder()
            .include("template", POD_TEMPLATE_SPEC)
            .merge("scheduling.resourceClaims", "name")
            .build();

    // admissionregistration/v1 ValidatingWebhook and MutatingWebhook
    private static final PatchSchema WEBHOOKS = PatchSchema.builder()
            .merge("webhooks", "name")
            .merge("webhooks.matchConditions", "name")
            .build();

    private static final Map<String, PatchSchema> BY_KIND = build();

    private static Map<String, PatchSchema> build() {
        Map<String, PatchSchema> m = new LinkedHashMap<>();

        // core/v1
        m.put(key("", "Pod"), kind()
                .include("spec", POD_SPEC)
                .include("status", POD_STATUS)
                .build());
        m.put(key("", "PodTemplate"), kind().include("template", POD_TEMPLATE_SPEC).build());
        m.put(key("", "ReplicationController"), kind()
                .include("spec.template", POD_TEMPLATE_SPEC)
                .include("status", CONDITIONS)
                .build());
        m.put(key("", "Service"), kind()
                .merge("spec.ports", "port")
                .include("status", CONDITIONS)
                .build());
        m.put(key("", "Node"), kind()
                .merge("spec.podCIDRs")
                .merge("status.conditions", "type")
                .merge("status.addresses", "type")
                .build());
        m.put(key("", "Namespace"), kind().include("status", CONDITIONS).build());
        m.put(key("", "ServiceAccount"), kind().merge("secrets", "name").build());
        m.put(key("", "PersistentVolumeClaim"), kind()
                .merge("status.conditions", "type")
                .merge("status.healthStatus.healthConditions", "status")
                .build());
        m.put(key("", "ComponentStatus"), kind().include(CONDITIONS).build());
        for (String k : new String[]{"ConfigMap", "Secret", "Endpoints", "Event", "LimitRange", "ResourceQuota",
                "PersistentVolume", "Binding"}) {
            m.put(key("", k), kind().build());
        }

        // apps/v1
        m.put(key("apps", "Deployment"), kind()
                .include("spec.template", POD_TEMPLATE_SPEC)
                .retainKeys("spec.strategy")
                .include("status", CONDITIONS)
                .build());
        for (String k : new String[]{"ReplicaSet", "StatefulSet", "DaemonSet"}) {
            m.put(key("apps", k), kind()
                    .include("spec.template", POD_TEMPLATE_SPEC)
                    .include("status", CONDITIONS)
                    .build());
        }
        m.put(key("apps", "ControllerRevision"), kind().build());

        // batch/v1
        m.put(key("batch", "Job"), kind()
                .include("spec", JOB_SPEC)
                .include("status", CONDITIONS)
                .build());
        m.put(key("batch", "CronJob"), kind()
                .include("spec.jobTemplate.metadata", OBJECT_META)
                .include("spec.jobTemplate.spec", JOB_SPEC)
                .build());

        // kinds whose types carry no tags besides ObjectMeta's
        m.put(key("coordination.k8s.io", "Lease"), kind().build());
        m.put(key("discovery.k8s.io", "EndpointSlice"), kind().build());
        m.put(key("events.k8s.io", "Event"), kind().build());
        for (String k : new String[]{"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}) {
            m.put(key("rbac.authorization.k8s.io", k), kind().build());
        }

        // other built-in groups
        m.put(key("policy", "PodDisruptionBudget"), kind()
                .replace("spec.selector")
                .include("status", CONDITIONS)
                .build());
        m.put(key("autoscaling", "HorizontalPodAutoscaler"), kind().include("status", CONDITIONS).build());
        m.put(key("autoscaling", "Scale"), kind().build());
        m.put(key("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"), kind().include(WEBHOOKS).build());
        m.put(key("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), kind().include(WEBHOOKS).build());
        m.put(key("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), kind()
                .merge("spec.matchConditions", "name")
                .merge("spec.variables", "name")
                .build());
        m.put(key("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"), kind().build());
        m.put(key("storage.k8s.io", "CSINode"), kind().merge("spec.drivers", "name").build());
        for (String k : new String[]{"StorageClass", "CSIDriver", "VolumeAttachment"}) {
            m.put(key("storage.k8s.io", k), kind().build());
        }
        for (String k : new String[]{"Ingress", "IngressClass", "NetworkPolicy"}) {
            m.put(key("networking.k8s.io", k), kind().build());
        }
        m.put(key("networking.k8s.io", "ServiceCIDR"), kind().include("status", CONDITIONS).build());
        m.put(key("flowcontrol.apiserver.k8s.io", "FlowSchema"), kind().include("status", CONDITIONS).build());
        m.put(key("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"), kind().include("status", CONDITIONS).build());
        m.put(key("scheduling.k8s.io", "PriorityClass"), kind().build());
        m.put(key("node.k8s.io", "RuntimeClass"), kind().build());
        m.put(key("certificates.k8s.io", "CertificateSigningRequest"), kind().build());
        m.put(key("apiextensions.k8s.io", "CustomResourceDefinition"), kind().build());
        return Collections.unmodifiableMap(m);
    }

    private static PatchSchema.Builder kind() {
        return PatchSchema.builder().include("metadata", OBJECT_META);
    }

    private static String key(String group, String kind) {
        return (group == null ? "" : group) + "/" + kind;
    }

    /**
     * The patch metadata of a built-in kind, e.g. {@code forKind("apps", "Deployment")}; the core
     * group is {@code ""}. Unknown kinds (custom resources included) get {@link PatchSchema#empty()}.
     */
    public static PatchSchema forKind(String group, String kind) {
        PatchSchema s = BY_KIND.get(key(group, kind));
        return s == null ? PatchSchema.empty() : s;
    }

    /** Whether {@link #forKind} knows the kind. */
    public static boolean isKnown(String group, String kind) {
        return BY_KIND.containsKey(key(group, kind));
    }

    /** The known kinds as {@code group/Kind} ({@code /Pod} for the core group). */
    public static Set<String> knownKinds() {
        return BY_KIND.keySet();
    }
}
