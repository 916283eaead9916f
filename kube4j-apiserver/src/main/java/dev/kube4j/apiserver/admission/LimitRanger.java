package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.quota.PodResources;
import dev.kube4j.api.quota.ResourceLists;
import dev.kube4j.apiserver.admission.AdmissionRequest.Operation;
import dev.kube4j.apimachinery.resource.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upstream's LimitRanger: a new pod's containers get the {@code default} limits and
 * {@code defaultRequest} requests of the namespace's LimitRanges (noted in the
 * {@code kubernetes.io/limit-ranger} annotation); then pods (per Container and per Pod) and
 * PersistentVolumeClaims are checked against {@code min}, {@code max} and
 * {@code maxLimitRequestRatio}, with upstream's messages.
 */
public final class LimitRanger implements AdmissionPlugin {

    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    private final AdmissionLookup lookup;

    public LimitRanger(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public void admit(AdmissionRequest r) {
        if (!r.is(Operation.CREATE, "", "pods")) {
            return;
        }
        for (ObjectNode range : lookup.list("", "limitranges", r.namespace())) {
            applyDefaults(range, r.object());
        }
    }

    @Override
    public void validate(AdmissionRequest r) {
        boolean pod = r.is(Operation.CREATE, "", "pods");
        boolean claim = r.is(Operation.CREATE, "", "persistentvolumeclaims") || r.is(Operation.UPDATE, "", "persistentvolumeclaims");
        if (!pod && !claim || (r.oldObject() != null && r.oldObject().path("metadata").hasNonNull("deletionTimestamp"))) {
            return;
        }
        for (ObjectNode range : lookup.list("", "limitranges", r.namespace())) {
            List<String> errors = pod ? checkPod(range, r.object()) : checkClaim(range, r.object());
            if (!errors.isEmpty()) {
                // upstream's utilerrors aggregate: one message alone, several in brackets
                throw r.forbidden(errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]");
            }
        }
    }

    // ---- defaults ----

    private static void applyDefaults(ObjectNode range, ObjectNode pod) {
        TreeMap<String, Quantity> limits = new TreeMap<>();
        TreeMap<String, Quantity> requests = new TreeMap<>();
        for (JsonNode item : range.path("spec").path("limits")) {
            if (item.path("type").asText().equals("Container")) {
                limits.putAll(ResourceLists.fromJson(item.path("default")));
                requests.putAll(ResourceLists.fromJson(item.path("defaultRequest")));
            }
        }
        List<String> notes = new ArrayList<>();
        for (JsonNode c : pod.path("spec").path("containers")) {
            merge((ObjectNode) c, limits, requests, "container", notes);
        }
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            merge((ObjectNode) c, limits, requests, "init container", notes);
        }
        if (!notes.isEmpty()) {
            pod.with("metadata").with("annotations").put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
        }
    }

    private static void merge(ObjectNode container, Map<String, Quantity> limits, Map<String, Quantity> requests,
                              String what, List<String> notes) {
        ObjectNode resources = container.with("resources");
        List<String> setRequests = fill(resources.with("requests"), requests);
        List<String> setLimits = fill(resources.with("limits"), limits);
        String name = container.path("name").asText();
        if (!setRequests.isEmpty()) {
            notes.add(String.join(", ", setRequests) + " request for " + what + " " + name);
        }
        if (!setLimits.isEmpty()) {
            notes.add(String.join(", ", setLimits) + " limit for " + what + " " + name);
        }
        for (String list : new String[]{"requests", "limits"}) {
            if (resources.path(list).isEmpty()) {
                resources.remove(list);
            }
        }
        if (resources.isEmpty()) {
            container.remove("resources");
        }
    }

    private static List<String> fill(ObjectNode list, Map<String, Quantity> defaults) {
        TreeSet<String> set = new TreeSet<>();
        defaults.forEach((k, v) -> {
            if (!list.has(k)) {
                list.put(k, v.toString());
                set.add(k);
            }
        });
        return new ArrayList<>(set);
    }

    // ---- constraints ----

    private static List<String> checkPod(ObjectNode range, JsonNode pod) {
        List<String> errors = new ArrayList<>();
        for (JsonNode item : range.path("spec").path("limits")) {
            String type = item.path("type").asText();
            if (type.equals("Container")) {
                for (String list : new String[]{"containers", "initContainers"}) {
                    for (JsonNode c : pod.path("spec").path(list)) {
                        check(item, type, ResourceLists.fromJson(c.path("resources").path("requests")),
                                ResourceLists.fromJson(c.path("resources").path("limits")), errors);
                    }
                }
            } else if (type.equals("Pod")) {
                check(item, type, PodResources.requests(pod, false), PodResources.limits(pod, false), errors);
            }
        }
        return errors;
    }

    private static List<String> checkClaim(ObjectNode range, JsonNode pvc) {
        List<String> errors = new ArrayList<>();
        Map<String, Quantity> requests = ResourceLists.fromJson(pvc.path("spec").path("resources").path("requests"));
        for (JsonNode item : range.path("spec").path("limits")) {
            String type = item.path("type").asText();
            if (!type.equals("PersistentVolumeClaim")) {
                continue;
            }
            ResourceLists.fromJson(item.path("min")).forEach((k, v) -> addIfNotNull(errors, min(type, k, v, requests, Map.of())));
            ResourceLists.fromJson(item.path("max")).forEach((k, v) -> {
                Quantity req = requests.get(k);
                if (req == null) {
                    errors.add("maximum " + k + " usage per " + type + " is " + v + ".  No request is specified");
                } else if (req.compareTo(v) > 0) {
                    errors.add("maximum " + k + " usage per " + type + " is " + v + ", but request is " + req);
                }
            });
        }
        return errors;
    }

    private static void check(JsonNode item, String type, Map<String, Quantity> requests, Map<String, Quantity> limits,
                              List<String> errors) {
        ResourceLists.fromJson(item.path("min")).forEach((k, v) -> addIfNotNull(errors, min(type, k, v, requests, limits)));
        ResourceLists.fromJson(item.path("max")).forEach((k, v) -> addIfNotNull(errors, max(type, k, v, requests, limits)));
        ResourceLists.fromJson(item.path("maxLimitRequestRatio"))
                .forEach((k, v) -> addIfNotNull(errors, ratio(type, k, v, requests, limits)));
    }

    private static void addIfNotNull(List<String> errors, String e) {
        if (e != null) {
            errors.add(e);
        }
    }

    static String min(String type, String name, Quantity enforced, Map<String, Quantity> requests, Map<String, Quantity> limits) {
        Quantity req = requests.get(name);
        Quantity lim = limits.get(name);
        String head = "minimum " + name + " usage per " + type + " is " + enforced;
        if (req == null) {
            return head + ".  No request is specified";
        }
        if (req.compareTo(enforced) < 0) {
            return head + ", but request is " + req;
        }
        if (lim != null && lim.compareTo(enforced) < 0) {
            return head + ", but limit is " + lim;
        }
        return null;
    }

    static String max(String type, String name, Quantity enforced, Map<String, Quantity> requests, Map<String, Quantity> limits) {
        Quantity req = requests.get(name);
        Quantity lim = limits.get(name);
        String head = "maximum " + name + " usage per " + type + " is " + enforced;
        if (lim == null) {
            return head + ".  No limit is specified";
        }
        if (lim.compareTo(enforced) > 0) {
            return head + ", but limit is " + lim;
        }
        if (req != null && req.compareTo(enforced) > 0) {
            return head + ", but request is " + req;
        }
        return null;
    }

    static String ratio(String type, String name, Quantity enforced, Map<String, Quantity> requests, Map<String, Quantity> limits) {
        Quantity req = requests.get(name);
        Quantity lim = limits.get(name);
        String head = name + " max limit to request ratio per " + type + " is " + enforced;
        if (req == null || req.isZero()) {
            return head + ", but no request is specified or request is 0";
        }
        if (lim == null || lim.isZero()) {
            return head + ", but no limit is specified or limit is 0";
        }
        // upstream compares at milli precision and prints the ratio with Go's %f
        BigDecimal observed = BigDecimal.valueOf(lim.milliValue()).divide(BigDecimal.valueOf(req.milliValue()), 6, RoundingMode.HALF_EVEN);
        if (observed.compareTo(enforced.value()) > 0) {
            return head + ", but provided ratio is " + observed.setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        }
        return null;
    }
}
