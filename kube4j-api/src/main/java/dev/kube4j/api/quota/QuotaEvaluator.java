package dev.kube4j.api.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.resource.Quantity;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an object costs in a ResourceQuota, as upstream's quota evaluators count it: pods
 * (compute resources, only while not terminal), services (load balancers, node ports),
 * persistent volume claims (storage, per storage class) and an object count
 * ({@code count/<resource>[.<group>]}) for every resource. Shared by the ResourceQuota admission
 * plugin (charging a create) and the ResourceQuota controller (recounting a namespace).
 */
public final class QuotaEvaluator {

    /** A resource whose objects a quota can count. */
    public record QuotaResource(String group, String plural) {
        public static final QuotaResource PODS = new QuotaResource("", "pods");
        public static final QuotaResource SERVICES = new QuotaResource("", "services");
        public static final QuotaResource CLAIMS = new QuotaResource("", "persistentvolumeclaims");

        /** {@code count/deployments.apps}, {@code count/pods}. */
        public String countName() {
            return "count/" + (group.isEmpty() ? plural : plural + "." + group);
        }
    }

    private static final Quantity ONE = Quantity.parse("1");
    /** Core resources whose object count also has its old name ({@code configmaps} beside {@code count/configmaps}). */
    private static final Set<String> LEGACY_COUNTS = Set.of("configmaps", "secrets", "replicationcontrollers",
            "resourcequotas", "pods", "services", "persistentvolumeclaims");
    private static final Set<String> POD_COMPUTE = Set.of("cpu", "memory", "ephemeral-storage", "requests.cpu",
            "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage");
    /** Quota'd compute resources every container must then request (upstream's backward-compatible rule). */
    private static final Set<String> MUST_SPECIFY = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");
    private static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

    private QuotaEvaluator() {
    }

    /** The resource whose objects produce the quota resource {@code name}, if any. */
    public static Optional<QuotaResource> resourceOf(String name) {
        if (name.startsWith("count/")) {
            String gr = name.substring("count/".length());
            int dot = gr.indexOf('.');
            return Optional.of(dot < 0 ? new QuotaResource("", gr) : new QuotaResource(gr.substring(dot + 1), gr.substring(0, dot)));
        }
        if (isPodResource(name)) {
            return Optional.of(QuotaResource.PODS);
        }
        if (name.equals("services") || name.startsWith("services.")) {
            return Optional.of(QuotaResource.SERVICES);
        }
        if (name.equals("persistentvolumeclaims") || name.equals("requests.storage") || name.contains(STORAGE_CLASS_SUFFIX)) {
            return Optional.of(QuotaResource.CLAIMS);
        }
        if (LEGACY_COUNTS.contains(name)) {
            return Optional.of(new QuotaResource("", name));
        }
        return Optional.empty();
    }

    private static boolean isPodResource(String name) {
        return name.equals("pods") || POD_COMPUTE.contains(name) || name.startsWith("hugepages-")
                || name.startsWith("requests.hugepages-")
                || (name.startsWith("requests.") && name.contains("/") && !name.contains(STORAGE_CLASS_SUFFIX));
    }

    /** The names among {@code names} that objects of {@code r} are charged for. */
    public static List<String> matchingResources(QuotaResource r, Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (resourceOf(n).filter(r::equals).isPresent()) {
                out.add(n);
            }
        }
        return out;
    }

    /** The usage of one object of {@code r} at {@code now}. */
    public static TreeMap<String, Quantity> usage(QuotaResource r, JsonNode obj, Instant now) {
        TreeMap<String, Quantity> u = new TreeMap<>();
        u.put(r.countName(), ONE);
        if (r.group().isEmpty() && LEGACY_COUNTS.contains(r.plural()) && !r.equals(QuotaResource.PODS)) {
            u.put(r.plural(), ONE);
        }
        if (r.equals(QuotaResource.PODS)) {
            if (countsComputeResources(obj, now)) {
                u.putAll(podCompute(PodResources.requests(obj, true), PodResources.limits(obj, true)));
            }
        } else if (r.equals(QuotaResource.SERVICES)) {
            serviceUsage(obj, u);
        } else if (r.equals(QuotaResource.CLAIMS)) {
            claimUsage(obj, u);
        }
        return u;
    }

    /** Upstream's QuotaV1Pod: terminal pods, and pods past their deletion grace, use no compute resources. */
    static boolean countsComputeResources(JsonNode pod, Instant now) {
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return false;
        }
        JsonNode deletion = pod.path("metadata").path("deletionTimestamp");
        JsonNode grace = pod.path("metadata").path("deletionGracePeriodSeconds");
        if (deletion.isTextual() && grace.isNumber()) {
            Instant deadline = OffsetDateTime.parse(deletion.asText()).toInstant().plusSeconds(grace.asLong());
            return !now.isAfter(deadline);
        }
        return true;
    }

    private static Map<String, Quantity> podCompute(Map<String, Quantity> requests, Map<String, Quantity> limits) {
        TreeMap<String, Quantity> u = new TreeMap<>();
        u.put("pods", ONE);
        for (String name : List.of("cpu", "memory", "ephemeral-storage")) {
            if (requests.containsKey(name)) {
                u.put(name, requests.get(name));
                u.put("requests." + name, requests.get(name));
            }
            if (limits.containsKey(name)) {
                u.put("limits." + name, limits.get(name));
            }
        }
        requests.forEach((name, q) -> {
            if (name.startsWith("hugepages-")) {
                u.put(name, q);
                u.put("requests." + name, q);
            } else if (name.contains("/") && !name.startsWith("kubernetes.io/")) {
                u.put("requests." + name, q); // extended resources are only quota'd as requests.<name>
            }
        });
        return u;
    }

    private static void serviceUsage(JsonNode svc, Map<String, Quantity> u) {
        String type = svc.path("spec").path("type").asText("ClusterIP");
        int ports = svc.path("spec").path("ports").size();
        if (type.equals("LoadBalancer")) {
            u.put("services.loadbalancers", ONE);
            if (svc.path("spec").path("allocateLoadBalancerNodePorts").asBoolean(true)) {
                u.put("services.nodeports", Quantity.of(BigDecimal.valueOf(ports), Quantity.Format.DECIMAL_SI));
            }
        } else if (type.equals("NodePort")) {
            u.put("services.nodeports", Quantity.of(BigDecimal.valueOf(ports), Quantity.Format.DECIMAL_SI));
        }
    }

    private static void claimUsage(JsonNode pvc, Map<String, Quantity> u) {
        Quantity storage = Quantity.fromJson(pvc.path("spec").path("resources").path("requests").path("storage"));
        String cls = pvc.path("spec").path("storageClassName").asText("");
        if (storage != null) {
            u.put("requests.storage", storage);
        }
        if (!cls.isEmpty()) {
            u.put(cls + STORAGE_CLASS_SUFFIX + "persistentvolumeclaims", ONE);
            if (storage != null) {
                u.put(cls + STORAGE_CLASS_SUFFIX + "requests.storage", storage);
            }
        }
    }

    /**
     * Upstream's pod Constraints: when a quota limits cpu or memory, every container must state
     * them. Null when satisfied, else {@code must specify limits.cpu for: a,b; memory for: a}.
     */
    public static String podConstraints(Collection<String> quotaResources, JsonNode pod) {
        Set<String> required = new TreeSet<>(quotaResources);
        required.retainAll(MUST_SPECIFY);
        if (required.isEmpty()) {
            return null;
        }
        TreeMap<String, TreeSet<String>> missing = new TreeMap<>();
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                Set<String> has = podCompute(PodResources.containerList(c, "requests"), PodResources.containerList(c, "limits")).keySet();
                for (String r : required) {
                    if (!has.contains(r)) {
                        missing.computeIfAbsent(r, k -> new TreeSet<>()).add(c.path("name").asText());
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        missing.forEach((r, containers) -> parts.add(r + " for: " + String.join(",", containers)));
        return "must specify " + String.join("; ", parts);
    }

    /**
     * Whether the quota's scopes ({@code spec.scopes} and {@code spec.scopeSelector}) select the
     * object: a quota without scopes selects everything; scopes only ever select pods.
     */
    public static boolean matchesScopes(JsonNode quota, QuotaResource r, JsonNode obj) {
        List<JsonNode> selectors = new ArrayList<>();
        for (JsonNode s : quota.path("spec").path("scopes")) {
            selectors.add(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("scopeName", s.asText()).put("operator", "Exists"));
        }
        quota.path("spec").path("scopeSelector").path("matchExpressions").forEach(selectors::add);
        for (JsonNode s : selectors) {
            if (!r.equals(QuotaResource.PODS) || !podMatchesScope(s, obj)) {
                return false;
            }
        }
        return true;
    }

    private static boolean podMatchesScope(JsonNode selector, JsonNode pod) {
        JsonNode deadline = pod.path("spec").path("activeDeadlineSeconds");
        boolean terminating = deadline.isNumber() && deadline.asLong() >= 0;
        return switch (selector.path("scopeName").asText()) {
            case "Terminating" -> terminating;
            case "NotTerminating" -> !terminating;
            case "BestEffort" -> PodResources.isBestEffort(pod);
            case "NotBestEffort" -> !PodResources.isBestEffort(pod);
            case "PriorityClass" -> priorityClassMatches(selector, pod.path("spec").path("priorityClassName").asText(""));
            default -> false;
        };
    }

    private static boolean priorityClassMatches(JsonNode selector, String className) {
        Set<String> values = new TreeSet<>();
        selector.path("values").forEach(v -> values.add(v.asText()));
        return switch (selector.path("operator").asText()) {
            case "Exists" -> !className.isEmpty();
            case "In" -> values.contains(className);
            case "NotIn" -> !values.contains(className);
            default -> false; // DoesNotExist: the class is always a key of the scope's label set
        };
    }
}
