package dev.kube4j.api.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Strategic-merge-patch metadata of the built-in types: the {@code patchStrategy} and
 * {@code patchMergeKey} struct tags of k8s.io/api (and of apimachinery's {@code ObjectMeta} and
 * kube-aggregator's {@code APIService}), keyed as upstream keeps them, by type and field. The
 * fabric8 model does not carry them. This table is the only copy of these facts:
 * <ul>
 *   <li>{@link SchemaRegistry} publishes them on its {@link Property properties}, rendered as
 *       {@code x-kubernetes-patch-strategy} / {@code x-kubernetes-patch-merge-key} in the OpenAPI
 *       documents so that kubectl computes the same patches as against a real API server;</li>
 *   <li>{@code dev.kube4j.api.patch.BuiltinPatchSchemas} walks a kind's type graph and places
 *       them on field paths for the server's strategic merge patch.</li>
 * </ul>
 *
 * <p>The same holds for the list and map types of server-side apply (upstream's {@code +listType},
 * {@code +listMapKey}, {@code +mapType} and {@code +structType} markers), read from
 * {@code list-types.txt} beside this class: rendered as {@code x-kubernetes-list-type},
 * {@code x-kubernetes-list-map-keys} and {@code x-kubernetes-map-type}, and used by the apply
 * schemas. A list without a marker takes its type from its patch strategy, as upstream's
 * schema conversion does: {@code merge} with a key is a map keyed by it, {@code merge} without
 * one a set, anything else atomic.
 *
 * <p>Most entries name fields the fabric8 model has. A few name fields that are newer than the
 * model (recent alpha fields); for those the table also records, where there are tags below
 * them, the type of their value, so that the walk can reach those tags.
 */
public final class PatchMetadata {

    /**
     * Patch strategy and merge key of one field.
     *
     * @param strategy comma-separated strategies as in the struct tag: {@code merge},
     *                 {@code retainKeys}, {@code merge,retainKeys} or {@code replace}
     * @param mergeKey the key identifying list elements for {@code merge}, null for lists of
     *                 scalars and for non-list fields
     */
    public record Entry(String strategy, String mergeKey) {
    }

    /**
     * The server-side-apply type of a list field.
     *
     * @param type {@code atomic}, {@code set} or {@code map}
     * @param keys the keys of a {@code map} list, in upstream's order; empty otherwise
     */
    public record ListType(String type, List<String> keys) {
        public static final ListType ATOMIC = new ListType("atomic", List.of());
    }

    /** Definition name -> field -> list type marker. */
    private static final Map<String, Map<String, ListType>> LIST_TYPES = new HashMap<>();
    /** Definition name -> map fields marked atomic. */
    private static final Map<String, Set<String>> ATOMIC_MAPS = new HashMap<>();
    /** Definitions whose objects are atomic (replaced whole by an applier). */
    private static final Set<String> ATOMIC_STRUCTS = new HashSet<>();

    /** Definition name -> field -> tags. */
    private static final Map<String, Map<String, Entry>> TAGS = new HashMap<>();
    /** Definition name -> field newer than the model -> definition name of its value (or its items), or null. */
    private static final Map<String, Map<String, String>> AHEAD_OF_MODEL = new HashMap<>();

    private static final String META = DefinitionNames.META;
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String BATCH = "io.k8s.api.batch.v1.";

    /** A tagged field of a type (a field the fabric8 model has). */
    private static void put(String prefix, String type, String field, String strategy, String mergeKey) {
        TAGS.computeIfAbsent(prefix + type, k -> new TreeMap<>()).put(field, new Entry(strategy, mergeKey));
    }

    /** A field the fabric8 model lacks, with its tags (null strategy: none) and the type of its value (or null). */
    private static void ahead(String prefix, String type, String field, String strategy, String mergeKey,
                              String valueType) {
        if (strategy != null) {
            put(prefix, type, field, strategy, mergeKey);
        }
        AHEAD_OF_MODEL.computeIfAbsent(prefix + type, k -> new TreeMap<>())
                .put(field, valueType == null ? null : prefix + valueType);
    }

    static {
        // apimachinery meta/v1
        put(META, "ObjectMeta", "finalizers", "merge", null);
        put(META, "ObjectMeta", "ownerReferences", "merge", "uid");

        // core/v1
        put(CORE, "PodSpec", "volumes", "merge,retainKeys", "name");
        put(CORE, "PodSpec", "initContainers", "merge", "name");
        put(CORE, "PodSpec", "containers", "merge", "name");
        put(CORE, "PodSpec", "ephemeralContainers", "merge", "name");
        put(CORE, "PodSpec", "imagePullSecrets", "merge", "name");
        put(CORE, "PodSpec", "hostAliases", "merge", "ip");
        put(CORE, "PodSpec", "topologySpreadConstraints", "merge", "topologyKey");
        put(CORE, "PodSpec", "schedulingGates", "merge", "name");
        put(CORE, "PodSpec", "resourceClaims", "merge,retainKeys", "name");
        ahead(CORE, "PodSpec", "evictionResponders", "merge", "name", null);
        // EphemeralContainer inlines EphemeralContainerCommon, which repeats Container's tags
        for (String c : new String[] {"Container", "EphemeralContainer"}) {
            put(CORE, c, "ports", "merge", "containerPort");
            put(CORE, c, "env", "merge", "name");
            put(CORE, c, "volumeMounts", "merge", "mountPath");
            put(CORE, c, "volumeDevices", "merge", "devicePath");
        }
        put(CORE, "PodStatus", "conditions", "merge", "type");
        put(CORE, "PodStatus", "podIPs", "merge", "ip");
        put(CORE, "PodStatus", "hostIPs", "merge", "ip");
        put(CORE, "PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name");
        ahead(CORE, "PodStatus", "nodeAllocatableResourceClaimStatuses", "merge", "resourceClaimName",
                "NodeAllocatableResourceClaimStatus");
        ahead(CORE, "NodeAllocatableResourceClaimStatus", "mapping", "merge", "name", null);
        ahead(CORE, "NodeAllocatableResourceClaimStatus", "overhead", "merge", "name", null);
        put(CORE, "ContainerStatus", "volumeMounts", "merge", "mountPath");
        put(CORE, "ContainerStatus", "allocatedResourcesStatus", "merge", "name");
        put(CORE, "ServiceSpec", "ports", "merge", "port");
        put(CORE, "ServiceStatus", "conditions", "merge", "type");
        put(CORE, "ServiceAccount", "secrets", "merge", "name");
        put(CORE, "NodeSpec", "podCIDRs", "merge", null);
        put(CORE, "NodeStatus", "conditions", "merge", "type");
        put(CORE, "NodeStatus", "addresses", "merge", "type");
        put(CORE, "NamespaceStatus", "conditions", "merge", "type");
        put(CORE, "PersistentVolumeClaimStatus", "conditions", "merge", "type");
        ahead(CORE, "PersistentVolumeClaimStatus", "healthStatus", null, null, "VolumeHealthStatus");
        ahead(CORE, "VolumeHealthStatus", "healthConditions", "merge", "status", null);
        put(CORE, "ReplicationControllerStatus", "conditions", "merge", "type");
        put(CORE, "ComponentStatus", "conditions", "merge", "type");

        // apps/v1
        put(APPS, "DeploymentSpec", "strategy", "retainKeys", null);
        put(APPS, "DeploymentStatus", "conditions", "merge", "type");
        put(APPS, "DaemonSetStatus", "conditions", "merge", "type");
        put(APPS, "StatefulSetStatus", "conditions", "merge", "type");
        put(APPS, "ReplicaSetStatus", "conditions", "merge", "type");

        // batch/v1
        put(BATCH, "JobStatus", "conditions", "merge", "type");
        ahead(BATCH, "JobSpec", "scheduling", null, null, "JobSchedulingConfiguration");
        ahead(BATCH, "JobSchedulingConfiguration", "resourceClaims", "merge", "name", null);

        put("io.k8s.api.autoscaling.v2.", "HorizontalPodAutoscalerStatus", "conditions", "merge", "type");

        // policy: the selector's replace strategy is new in v1
        put("io.k8s.api.policy.v1.", "PodDisruptionBudgetSpec", "selector", "replace", null);
        for (String v : new String[] {"v1", "v1beta1"}) {
            put("io.k8s.api.policy." + v + ".", "PodDisruptionBudgetStatus", "conditions", "merge", "type");
        }

        // admissionregistration
        for (String v : new String[] {"v1", "v1beta1"}) {
            String ar = "io.k8s.api.admissionregistration." + v + ".";
            put(ar, "ValidatingWebhookConfiguration", "webhooks", "merge", "name");
            put(ar, "MutatingWebhookConfiguration", "webhooks", "merge", "name");
        }
        String ar = "io.k8s.api.admissionregistration.v1.";
        put(ar, "ValidatingWebhook", "matchConditions", "merge", "name");
        put(ar, "MutatingWebhook", "matchConditions", "merge", "name");
        put(ar, "ValidatingAdmissionPolicySpec", "matchConditions", "merge", "name");
        put(ar, "ValidatingAdmissionPolicySpec", "variables", "merge", "name");
        for (String v : new String[] {"v1alpha1", "v1beta1"}) {
            put("io.k8s.api.admissionregistration." + v + ".", "MutatingAdmissionPolicySpec", "matchConditions",
                    "merge", "name");
        }

        for (String v : new String[] {"v1", "v1beta1"}) {
            put("io.k8s.api.networking." + v + ".", "ServiceCIDRStatus", "conditions", "merge", "type");
            put("io.k8s.api.storage." + v + ".", "CSINodeSpec", "drivers", "merge", "name");
        }
        // flowcontrol: v1beta1 and v1beta2 have no tags
        for (String v : new String[] {"v1", "v1beta3"}) {
            String fc = "io.k8s.api.flowcontrol." + v + ".";
            put(fc, "FlowSchemaStatus", "conditions", "merge", "type");
            put(fc, "PriorityLevelConfigurationStatus", "conditions", "merge", "type");
        }
        put("io.k8s.api.storagemigration.v1alpha1.", "StorageVersionMigrationStatus", "conditions", "merge", "type");
        put("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.", "APIServiceStatus", "conditions", "merge", "type");
    }

    static {
        readListTypes();
    }

    private static void readListTypes() {
        try (InputStream in = PatchMetadata.class.getResourceAsStream("list-types.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] w = line.trim().split("\\s+");
                switch (w[2]) {
                    case "list" -> LIST_TYPES.computeIfAbsent(w[0], k -> new TreeMap<>()).put(w[1],
                            new ListType(w[3], w.length > 4 ? List.of(w[4].split(",")) : List.of()));
                    case "map" -> ATOMIC_MAPS.computeIfAbsent(w[0], k -> new TreeSet<>()).add(w[1]);
                    case "struct" -> ATOMIC_STRUCTS.add(w[0]);
                    default -> throw new IllegalStateException("bad line in list-types.txt: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PatchMetadata() {
    }

    /** The {@code +listType} marker of a list field (what OpenAPI publishes), if it has one. */
    public static Optional<ListType> listTypeMarker(String definitionName, String field) {
        return Optional.ofNullable(LIST_TYPES.getOrDefault(definitionName, Map.of()).get(field));
    }

    /**
     * The effective list type of a list field for server-side apply: its marker, else derived
     * from its patch strategy as upstream's schema conversion does, else atomic.
     */
    public static ListType listType(String definitionName, String field) {
        return listTypeMarker(definitionName, field).orElseGet(() -> lookup(definitionName, field)
                .filter(e -> List.of(e.strategy().split(",")).contains("merge"))
                .map(e -> e.mergeKey() == null ? new ListType("set", List.of()) : new ListType("map", List.of(e.mergeKey())))
                .orElse(ListType.ATOMIC));
    }

    /** Whether a map field is marked {@code +mapType=atomic} (e.g. a Service's {@code spec.selector}). */
    public static boolean isAtomicMap(String definitionName, String field) {
        return ATOMIC_MAPS.getOrDefault(definitionName, Set.of()).contains(field);
    }

    /** Whether a type is marked {@code +structType=atomic} (e.g. {@code LabelSelector}). */
    public static boolean isAtomicStruct(String definitionName) {
        return ATOMIC_STRUCTS.contains(definitionName);
    }

    /** The patch metadata of {@code field} in the definition {@code definitionName}, if any. */
    public static Optional<Entry> lookup(String definitionName, String field) {
        return Optional.ofNullable(TAGS.getOrDefault(definitionName, Map.of()).get(field));
    }

    /**
     * The fields of a definition this table names: its tagged fields and its fields newer than
     * the fabric8 model, sorted. Empty for a definition the table does not know.
     */
    public static Set<String> fields(String definitionName) {
        Set<String> out = new TreeSet<>(TAGS.getOrDefault(definitionName, Map.of()).keySet());
        out.addAll(AHEAD_OF_MODEL.getOrDefault(definitionName, Map.of()).keySet());
        return Collections.unmodifiableSet(out);
    }

    /** Whether the table names {@code field} of {@code definitionName} as a field the fabric8 model lacks. */
    public static boolean isAheadOfModel(String definitionName, String field) {
        return AHEAD_OF_MODEL.getOrDefault(definitionName, Map.of()).containsKey(field);
    }

    /**
     * For a field the fabric8 model lacks, the definition name of its value (of its items for a
     * list), when the table records it (only where there are tags below).
     */
    public static Optional<String> aheadOfModelType(String definitionName, String field) {
        return Optional.ofNullable(AHEAD_OF_MODEL.getOrDefault(definitionName, Map.of()).get(field));
    }

    /** Every definition name the table has entries for. */
    public static Set<String> definitionNames() {
        Set<String> out = new HashSet<>(TAGS.keySet());
        out.addAll(AHEAD_OF_MODEL.keySet());
        return Collections.unmodifiableSet(out);
    }
}
