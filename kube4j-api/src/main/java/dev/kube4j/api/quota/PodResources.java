package dev.kube4j.api.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.resource.Quantity;

import java.util.Map;
import java.util.TreeMap;

/**
 * A pod's effective requests and limits as upstream's resource helpers compute them: the sum of
 * its containers and restartable init containers (sidecars), at least the largest init
 * container (plus the sidecars started before it), and optionally the pod overhead.
 */
public final class PodResources {

    private PodResources() {
    }

    public static TreeMap<String, Quantity> requests(JsonNode pod, boolean withOverhead) {
        TreeMap<String, Quantity> out = effective(pod, "requests");
        if (withOverhead) {
            ResourceLists.fromJson(pod.path("spec").path("overhead")).forEach((k, v) -> out.merge(k, v, Quantity::add));
        }
        return out;
    }

    /** Limits; the overhead is only added to resources that have a limit, as upstream. */
    public static TreeMap<String, Quantity> limits(JsonNode pod, boolean withOverhead) {
        TreeMap<String, Quantity> out = effective(pod, "limits");
        if (withOverhead) {
            ResourceLists.fromJson(pod.path("spec").path("overhead")).forEach((k, v) -> out.computeIfPresent(k, (n, q) -> q.add(v)));
        }
        return out;
    }

    private static TreeMap<String, Quantity> effective(JsonNode pod, String kind) {
        TreeMap<String, Quantity> total = new TreeMap<>();
        for (JsonNode c : pod.path("spec").path("containers")) {
            total = ResourceLists.add(total, containerList(c, kind));
        }
        Map<String, Quantity> sidecars = new TreeMap<>();
        Map<String, Quantity> initMax = new TreeMap<>();
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            Map<String, Quantity> own = containerList(c, kind);
            Map<String, Quantity> whileRunning;
            if ("Always".equals(c.path("restartPolicy").asText())) {
                total = ResourceLists.add(total, own);
                sidecars = ResourceLists.add(sidecars, own);
                whileRunning = sidecars;
            } else {
                whileRunning = ResourceLists.add(own, sidecars);
            }
            ResourceLists.max(initMax, whileRunning);
        }
        ResourceLists.max(total, initMax);
        return total;
    }

    static TreeMap<String, Quantity> containerList(JsonNode container, String kind) {
        return ResourceLists.fromJson(container.path("resources").path(kind));
    }

    /** Upstream's BestEffort QoS class: no container requests or limits any cpu or memory. */
    public static boolean isBestEffort(JsonNode pod) {
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                for (String kind : new String[]{"requests", "limits"}) {
                    Map<String, Quantity> r = containerList(c, kind);
                    for (String name : new String[]{"cpu", "memory"}) {
                        Quantity q = r.get(name);
                        if (q != null && q.signum() > 0) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }
}
