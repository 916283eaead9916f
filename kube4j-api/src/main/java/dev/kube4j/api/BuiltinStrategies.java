package dev.kube4j.api;

import dev.kube4j.api.admissionregistration.AdmissionRegistrationStrategies;
import dev.kube4j.api.apiextensions.CrdStrategy;
import dev.kube4j.api.apps.ControllerRevisionStrategy;
import dev.kube4j.api.apps.DaemonSetStrategy;
import dev.kube4j.api.apps.DeploymentStrategy;
import dev.kube4j.api.apps.ReplicaSetStrategy;
import dev.kube4j.api.apps.StatefulSetStrategy;
import dev.kube4j.api.authorization.ReviewStrategies;
import dev.kube4j.api.authorization.ReviewStrategies.Kind;
import dev.kube4j.api.autoscaling.HorizontalPodAutoscalerStrategy;
import dev.kube4j.api.autoscaling.HorizontalPodAutoscalerV1Strategy;
import dev.kube4j.api.batch.CronJobStrategy;
import dev.kube4j.api.certificates.CertificateSigningRequestStrategy;
import dev.kube4j.api.batch.JobStrategy;
import dev.kube4j.api.coordination.LeaseStrategy;
import dev.kube4j.api.core.ConfigMapStrategy;
import dev.kube4j.api.core.EndpointsStrategy;
import dev.kube4j.api.core.EventStrategy;
import dev.kube4j.api.core.LimitRangeStrategy;
import dev.kube4j.api.core.NamespaceStrategy;
import dev.kube4j.api.core.NodeStrategy;
import dev.kube4j.api.core.PersistentVolumeClaimStrategy;
import dev.kube4j.api.core.PersistentVolumeStrategy;
import dev.kube4j.api.core.PodStrategy;
import dev.kube4j.api.core.PodTemplateStrategy;
import dev.kube4j.api.core.ReplicationControllerStrategy;
import dev.kube4j.api.core.ResourceQuotaStrategy;
import dev.kube4j.api.core.SecretStrategy;
import dev.kube4j.api.core.ServiceAccountStrategy;
import dev.kube4j.api.core.ServiceStrategy;
import dev.kube4j.api.discovery.EndpointSliceStrategy;
import dev.kube4j.api.events.EventsV1Strategy;
import dev.kube4j.api.networking.IngressClassStrategy;
import dev.kube4j.api.networking.IngressStrategy;
import dev.kube4j.api.networking.NetworkPolicyStrategy;
import dev.kube4j.api.node.RuntimeClassStrategy;
import dev.kube4j.api.policy.PodDisruptionBudgetStrategy;
import dev.kube4j.api.rbac.RbacStrategies;
import dev.kube4j.api.scheduling.PriorityClassStrategy;
import dev.kube4j.api.storage.StorageStrategies;
import dev.kube4j.api.util.SafeStrategy;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The strategy of each built-in resource. Strategies are created once per resource (the service
 * strategy keeps its IP and node-port allocations) and wrapped so that an unexpected failure on odd
 * input becomes a field error instead of an exception.
 */
public final class BuiltinStrategies {

    private BuiltinStrategies() {
    }

    private static final Map<String, Supplier<ResourceStrategy>> FACTORIES = Map.ofEntries(
            Map.entry("/namespaces", NamespaceStrategy::new),
            Map.entry("/pods", PodStrategy::new),
            Map.entry("/services", ServiceStrategy::new),
            Map.entry("/endpoints", EndpointsStrategy::new),
            Map.entry("/configmaps", ConfigMapStrategy::new),
            Map.entry("/secrets", SecretStrategy::new),
            Map.entry("/serviceaccounts", ServiceAccountStrategy::new),
            Map.entry("/nodes", NodeStrategy::new),
            Map.entry("/events", EventStrategy::new),
            Map.entry("/replicationcontrollers", ReplicationControllerStrategy::new),
            Map.entry("/persistentvolumes", PersistentVolumeStrategy::new),
            Map.entry("/persistentvolumeclaims", PersistentVolumeClaimStrategy::new),
            Map.entry("/limitranges", LimitRangeStrategy::new),
            Map.entry("/resourcequotas", ResourceQuotaStrategy::new),
            Map.entry("/podtemplates", PodTemplateStrategy::new),
            Map.entry("apps/deployments", DeploymentStrategy::new),
            Map.entry("apps/replicasets", ReplicaSetStrategy::new),
            Map.entry("apps/statefulsets", StatefulSetStrategy::new),
            Map.entry("apps/daemonsets", DaemonSetStrategy::new),
            Map.entry("apps/controllerrevisions", ControllerRevisionStrategy::new),
            Map.entry("batch/jobs", JobStrategy::new),
            Map.entry("batch/cronjobs", CronJobStrategy::new),
            Map.entry("coordination.k8s.io/leases", LeaseStrategy::new),
            Map.entry("discovery.k8s.io/endpointslices", EndpointSliceStrategy::new),
            Map.entry("events.k8s.io/events", EventsV1Strategy::new),
            Map.entry("rbac.authorization.k8s.io/roles", () -> new RbacStrategies.RoleStrategy(true)),
            Map.entry("rbac.authorization.k8s.io/clusterroles", () -> new RbacStrategies.RoleStrategy(false)),
            Map.entry("rbac.authorization.k8s.io/rolebindings", () -> new RbacStrategies.BindingStrategy(true)),
            Map.entry("rbac.authorization.k8s.io/clusterrolebindings", () -> new RbacStrategies.BindingStrategy(false)),
            Map.entry("autoscaling/horizontalpodautoscalers", HorizontalPodAutoscalerStrategy::new),
            Map.entry("policy/poddisruptionbudgets", PodDisruptionBudgetStrategy::new),
            Map.entry("networking.k8s.io/ingresses", IngressStrategy::new),
            Map.entry("networking.k8s.io/ingressclasses", IngressClassStrategy::new),
            Map.entry("networking.k8s.io/networkpolicies", NetworkPolicyStrategy::new),
            Map.entry("storage.k8s.io/storageclasses", StorageStrategies.StorageClassStrategy::new),
            Map.entry("storage.k8s.io/csidrivers", StorageStrategies.CsiDriverStrategy::new),
            Map.entry("storage.k8s.io/csinodes", StorageStrategies.CsiNodeStrategy::new),
            Map.entry("storage.k8s.io/volumeattachments", StorageStrategies.VolumeAttachmentStrategy::new),
            Map.entry("scheduling.k8s.io/priorityclasses", PriorityClassStrategy::new),
            Map.entry("certificates.k8s.io/certificatesigningrequests", CertificateSigningRequestStrategy::new),
            Map.entry("node.k8s.io/runtimeclasses", RuntimeClassStrategy::new),
            Map.entry("admissionregistration.k8s.io/mutatingwebhookconfigurations",
                    () -> new AdmissionRegistrationStrategies.WebhookConfigurationStrategy(true)),
            Map.entry("admissionregistration.k8s.io/validatingwebhookconfigurations",
                    () -> new AdmissionRegistrationStrategies.WebhookConfigurationStrategy(false)),
            Map.entry("admissionregistration.k8s.io/validatingadmissionpolicies",
                    AdmissionRegistrationStrategies.ValidatingAdmissionPolicyStrategy::new),
            Map.entry("admissionregistration.k8s.io/validatingadmissionpolicybindings",
                    AdmissionRegistrationStrategies.ValidatingAdmissionPolicyBindingStrategy::new),
            Map.entry("authentication.k8s.io/selfsubjectreviews", () -> new ReviewStrategies.ReviewStrategy(Kind.SELF_SUBJECT)),
            Map.entry("authentication.k8s.io/tokenreviews", () -> new ReviewStrategies.ReviewStrategy(Kind.TOKEN)),
            Map.entry("authorization.k8s.io/localsubjectaccessreviews", () -> new ReviewStrategies.ReviewStrategy(Kind.LOCAL_SUBJECT_ACCESS)),
            Map.entry("authorization.k8s.io/selfsubjectaccessreviews", () -> new ReviewStrategies.ReviewStrategy(Kind.SELF_SUBJECT_ACCESS)),
            Map.entry("authorization.k8s.io/selfsubjectrulesreviews", () -> new ReviewStrategies.ReviewStrategy(Kind.SELF_SUBJECT_RULES)),
            Map.entry("authorization.k8s.io/subjectaccessreviews", () -> new ReviewStrategies.ReviewStrategy(Kind.SUBJECT_ACCESS)),
            Map.entry("apiextensions.k8s.io/customresourcedefinitions", CrdStrategy::new));

    /** Versions whose strategy differs from the group's other versions (they convert to the stored one). */
    private static final Map<String, Supplier<ResourceStrategy>> VERSIONED = Map.of(
            "autoscaling/v1/horizontalpodautoscalers", HorizontalPodAutoscalerV1Strategy::new);

    private static final Map<String, ResourceStrategy> INSTANCES = new ConcurrentHashMap<>();

    /**
     * The strategy for {@code resource} (plural) in {@code group} ("" for core), or null when the
     * resource is not built in.
     */
    public static ResourceStrategy forResource(String group, String resource) {
        String key = (group == null ? "" : group) + "/" + resource;
        Supplier<ResourceStrategy> f = FACTORIES.get(key);
        if (f == null) {
            return null;
        }
        return INSTANCES.computeIfAbsent(key, k -> new SafeStrategy(f.get()));
    }

    /**
     * The strategy for {@code resource} in one version of {@code group}: the version's own when it
     * has one (autoscaling/v1 horizontal pod autoscalers), else the group's.
     */
    public static ResourceStrategy forResource(String group, String version, String resource) {
        String key = (group == null ? "" : group) + "/" + version + "/" + resource;
        Supplier<ResourceStrategy> f = VERSIONED.get(key);
        if (f == null) {
            return forResource(group, resource);
        }
        return INSTANCES.computeIfAbsent(key, k -> new SafeStrategy(f.get()));
    }

    /** The unwrapped strategy (a new instance), for tests. */
    public static ResourceStrategy unwrapped(String group, String resource) {
        Supplier<ResourceStrategy> f = FACTORIES.get((group == null ? "" : group) + "/" + resource);
        return f == null ? null : f.get();
    }
}
