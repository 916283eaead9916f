package dev.kube4j.api;

import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The built-in resources kube4j serves, with upstream's discovery names (Kubernetes 1.33): singular
 * names, short names, categories, verbs and subresources.
 */
public final class BuiltinResources {

    private BuiltinResources() {
    }

    private static final Set<String> ALL = ResourceDefinition.ALL_VERBS;
    private static final Set<String> NO_DELETECOLLECTION =
            Set.of("create", "delete", "get", "list", "patch", "update", "watch");
    /** Reviews: answered on create, never stored. */
    private static final Set<String> CREATE_ONLY = Set.of("create");
    private static final List<String> API_EXTENSIONS = List.of("api-extensions");

    private static final List<ResourceDefinition> RESOURCES = build();

    /** Every built-in resource definition. */
    public static List<ResourceDefinition> all() {
        return RESOURCES;
    }

    /** The definition of {@code resource} in {@code group} (any version), or null. */
    public static ResourceDefinition find(String group, String resource) {
        for (ResourceDefinition d : RESOURCES) {
            if (d.group().equals(group == null ? "" : group) && d.plural().equals(resource)) {
                return d;
            }
        }
        return null;
    }

    private static List<ResourceDefinition> build() {
        List<ResourceDefinition> l = new ArrayList<>();
        // core/v1
        l.add(def("", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"), List.of(), NO_DELETECOLLECTION, Set.of("status", "finalize")));
        l.add(def("", "v1", "Pod", "pods", "pod", true, List.of("po"), List.of("all"), ALL, Set.of("status", "binding")));
        l.add(def("", "v1", "Service", "services", "service", true, List.of("svc"), List.of("all"), NO_DELETECOLLECTION, Set.of("status")));
        l.add(def("", "v1", "Endpoints", "endpoints", "endpoints", true, List.of("ep"), List.of(), ALL, Set.of()));
        l.add(def("", "v1", "ConfigMap", "configmaps", "configmap", true, List.of("cm"), List.of(), ALL, Set.of()));
        l.add(def("", "v1", "Secret", "secrets", "secret", true, List.of(), List.of(), ALL, Set.of()));
        l.add(def("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, List.of("sa"), List.of(), ALL, Set.of()));
        l.add(def("", "v1", "Node", "nodes", "node", false, List.of("no"), List.of(), ALL, Set.of("status")));
        l.add(def("", "v1", "Event", "events", "event", true, List.of("ev"), List.of(), ALL, Set.of()));
        l.add(def("", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", true, List.of("rc"), List.of("all"), ALL, Set.of("status", "scale")));
        l.add(def("", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", false, List.of("pv"), List.of(), ALL, Set.of("status")));
        l.add(def("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", true, List.of("pvc"), List.of(), ALL, Set.of("status")));
        l.add(def("", "v1", "LimitRange", "limitranges", "limitrange", true, List.of("limits"), List.of(), ALL, Set.of()));
        l.add(def("", "v1", "ResourceQuota", "resourcequotas", "resourcequota", true, List.of("quota"), List.of(), ALL, Set.of("status")));
        l.add(def("", "v1", "PodTemplate", "podtemplates", "podtemplate", true, List.of(), List.of(), ALL, Set.of()));
        // apps/v1
        l.add(def("apps", "v1", "Deployment", "deployments", "deployment", true, List.of("deploy"), List.of("all"), ALL, Set.of("status", "scale")));
        l.add(def("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, List.of("rs"), List.of("all"), ALL, Set.of("status", "scale")));
        l.add(def("apps", "v1", "StatefulSet", "statefulsets", "statefulset", true, List.of("sts"), List.of("all"), ALL, Set.of("status", "scale")));
        l.add(def("apps", "v1", "DaemonSet", "daemonsets", "daemonset", true, List.of("ds"), List.of("all"), ALL, Set.of("status")));
        l.add(def("apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", true, List.of(), List.of(), ALL, Set.of()));
        // batch/v1
        l.add(def("batch", "v1", "Job", "jobs", "job", true, List.of(), List.of("all"), ALL, Set.of("status")));
        l.add(def("batch", "v1", "CronJob", "cronjobs", "cronjob", true, List.of("cj"), List.of("all"), ALL, Set.of("status")));
        // coordination.k8s.io/v1
        l.add(def("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, List.of(), List.of(), ALL, Set.of()));
        // discovery.k8s.io/v1
        l.add(def("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", true, List.of(), List.of(), ALL, Set.of()));
        // events.k8s.io/v1 (kept in its own storage for now)
        l.add(def("events.k8s.io", "v1", "Event", "events", "event", true, List.of("ev"), List.of(), ALL, Set.of()));
        // rbac.authorization.k8s.io/v1
        String rbac = "rbac.authorization.k8s.io";
        l.add(def(rbac, "v1", "Role", "roles", "role", true, List.of(), List.of(), ALL, Set.of()));
        l.add(def(rbac, "v1", "RoleBinding", "rolebindings", "rolebinding", true, List.of(), List.of(), ALL, Set.of()));
        l.add(def(rbac, "v1", "ClusterRole", "clusterroles", "clusterrole", false, List.of(), List.of(), ALL, Set.of()));
        l.add(def(rbac, "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false, List.of(), List.of(), ALL, Set.of()));
        // autoscaling: v2 first (the preferred version); v1 is served from the same (v2) storage
        l.add(def("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", true, List.of("hpa"), List.of("all"), ALL, Set.of("status")));
        l.add(def("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", true, List.of("hpa"), List.of("all"), ALL, Set.of("status")));
        // policy/v1
        l.add(def("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", true, List.of("pdb"), List.of(), ALL, Set.of("status")));
        // networking.k8s.io/v1
        String net = "networking.k8s.io";
        l.add(def(net, "v1", "Ingress", "ingresses", "ingress", true, List.of("ing"), List.of(), ALL, Set.of("status")));
        l.add(def(net, "v1", "IngressClass", "ingressclasses", "ingressclass", false, List.of(), List.of(), ALL, Set.of()));
        l.add(def(net, "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", true, List.of("netpol"), List.of(), ALL, Set.of()));
        // storage.k8s.io/v1
        String storage = "storage.k8s.io";
        l.add(def(storage, "v1", "StorageClass", "storageclasses", "storageclass", false, List.of("sc"), List.of(), ALL, Set.of()));
        l.add(def(storage, "v1", "CSIDriver", "csidrivers", "csidriver", false, List.of(), List.of(), ALL, Set.of()));
        l.add(def(storage, "v1", "CSINode", "csinodes", "csinode", false, List.of(), List.of(), ALL, Set.of()));
        l.add(def(storage, "v1", "VolumeAttachment", "volumeattachments", "volumeattachment", false, List.of(), List.of(), ALL, Set.of("status")));
        // scheduling.k8s.io/v1
        l.add(def("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", "priorityclass", false, List.of("pc"), List.of(), ALL, Set.of()));
        // certificates.k8s.io/v1
        l.add(def("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", "certificatesigningrequest", false, List.of("csr"), List.of(), ALL, Set.of("status", "approval")));
        // node.k8s.io/v1
        l.add(def("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", "runtimeclass", false, List.of(), List.of(), ALL, Set.of()));
        // admissionregistration.k8s.io/v1 (stored; no webhook is called)
        String admission = "admissionregistration.k8s.io";
        l.add(def(admission, "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", false, List.of(), API_EXTENSIONS, ALL, Set.of()));
        l.add(def(admission, "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", "validatingadmissionpolicy", false, List.of(), API_EXTENSIONS, ALL, Set.of("status")));
        l.add(def(admission, "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", false, List.of(), API_EXTENSIONS, ALL, Set.of()));
        l.add(def(admission, "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "validatingwebhookconfiguration", false, List.of(), API_EXTENSIONS, ALL, Set.of()));
        // authentication.k8s.io/v1 and authorization.k8s.io/v1: create-only reviews
        l.add(def("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", "selfsubjectreview", false, List.of(), List.of(), CREATE_ONLY, Set.of()));
        l.add(def("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", "tokenreview", false, List.of(), List.of(), CREATE_ONLY, Set.of()));
        String authz = "authorization.k8s.io";
        l.add(def(authz, "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", "localsubjectaccessreview", true, List.of(), List.of(), CREATE_ONLY, Set.of()));
        l.add(def(authz, "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "selfsubjectaccessreview", false, List.of(), List.of(), CREATE_ONLY, Set.of()));
        l.add(def(authz, "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", "selfsubjectrulesreview", false, List.of(), List.of(), CREATE_ONLY, Set.of()));
        l.add(def(authz, "v1", "SubjectAccessReview", "subjectaccessreviews", "subjectaccessreview", false, List.of(), List.of(), CREATE_ONLY, Set.of()));
        // apiextensions.k8s.io/v1
        // stored under upstream's key, /registry/apiextensions.k8s.io/customresourcedefinitions/
        l.add(new ResourceDefinition(new GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
                "customresourcedefinitions", "customresourcedefinition", false, List.of("crd", "crds"),
                List.of("api-extensions"), ALL, Set.of("status"), "apiextensions.k8s.io/customresourcedefinitions"));
        return List.copyOf(l);
    }

    /**
     * The apiVersion objects of a resource are stored in: autoscaling/v2 for both versions of
     * horizontal pod autoscalers (upstream's storage version), otherwise the served one.
     */
    public static String storageApiVersion(ResourceDefinition def) {
        if (def.group().equals("autoscaling") && def.plural().equals("horizontalpodautoscalers")) {
            return "autoscaling/v2";
        }
        return def.gvk().apiVersion();
    }

    /** True for the create-only review resources, which the server answers without storing anything. */
    public static boolean isReview(ResourceDefinition def) {
        return def.verbs().equals(CREATE_ONLY);
    }

    private static ResourceDefinition def(String group, String version, String kind, String plural, String singular,
                                          boolean namespaced, List<String> shortNames, List<String> categories,
                                          Set<String> verbs, Set<String> subresources) {
        String storage = group.isEmpty() ? plural : plural + "." + group;
        return new ResourceDefinition(new GroupVersionKind(group, version, kind), plural, singular, namespaced,
                shortNames, categories, verbs, subresources, storage);
    }
}
