package dev.kube4j.api.schema;

import java.util.Set;

/**
 * Maps fabric8 model classes to the definition names upstream's OpenAPI uses
 * ({@code io.k8s.api.core.v1.Pod}, {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}, ...).
 */
public final class DefinitionNames {

    public static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    public static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public static final String TIME = META + "Time";
    public static final String MICRO_TIME = META + "MicroTime";
    public static final String DURATION = META + "Duration";
    public static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    public static final String OBJECT_META = META + "ObjectMeta";
    public static final String LIST_META = META + "ListMeta";
    public static final String STATUS = META + "Status";
    public static final String DELETE_OPTIONS = META + "DeleteOptions";
    public static final String WATCH_EVENT = META + "WatchEvent";
    public static final String PATCH = META + "Patch";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

    /** Classes of fabric8's core package that are apimachinery meta/v1 types upstream. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
            "CreateOptions", "DeleteOptions", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions",
            "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "Patch", "PatchOptions",
            "Preconditions", "RootPaths", "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails",
            "TypeMeta", "UpdateOptions", "WatchEvent", "Duration", "Time", "GroupKind", "GroupVersionKind",
            "GroupVersionResource");

    private DefinitionNames() {
    }

    /** The upstream definition name for a fabric8 model class. */
    public static String of(Class<?> type) {
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals(FABRIC8)) {
            return switch (simple) {
                case "IntOrString" -> INT_OR_STRING;
                case "Quantity" -> QUANTITY;
                case "APIService", "APIServiceCondition", "APIServiceList", "APIServiceSpec", "APIServiceStatus",
                     "ServiceReference" -> "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1." + simple;
                default -> (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
            };
        }
        if (!pkg.startsWith(FABRIC8 + ".")) {
            return pkg + "." + simple;
        }
        String rest = pkg.substring(FABRIC8.length() + 1);
        switch (rest) {
            case "runtime":
                return "io.k8s.apimachinery.pkg.runtime." + simple;
            case "version":
                return "io.k8s.apimachinery.pkg.version." + simple;
            case "apps", "rbac", "storage", "authentication":
                return "io.k8s.api." + rest + ".v1." + simple;
            default:
                break;
        }
        if (rest.startsWith("apiextensions.")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis." + rest + "." + simple;
        }
        return "io.k8s.api." + rest + "." + simple;
    }
}
