package dev.kube4j.api.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.resource.Quantity;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** The TARGETS cell of {@code kubectl get hpa}: upstream's formatHPAMetrics, current/target per metric. */
final class HpaTargets {

    private static final int MAX = 2;
    private static final String UNKNOWN = "<unknown>";

    private HpaTargets() {
    }

    static String format(List<ObjectNode> specs, List<ObjectNode> statuses) {
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = i < statuses.size() ? statuses.get(i) : null;
            list.add(one(spec, status));
        }
        if (list.size() > MAX) {
            return String.join(", ", list.subList(0, MAX)) + " + " + (list.size() - MAX) + " more...";
        }
        return String.join(", ", list);
    }

    private static String one(JsonNode spec, JsonNode status) {
        String type = str(spec, "type");
        String field = type.isEmpty() ? "" : Character.toLowerCase(type.charAt(0)) + type.substring(1);
        JsonNode target = obj(obj(spec, field), "target");
        JsonNode current = obj(obj(status, field), "current");
        boolean hasStatus = obj(status, field) != null;
        return switch (type) {
            case "External", "Object" -> target != null && target.hasNonNull("averageValue")
                    ? currentOr(hasStatus, current, "averageValue") + "/" + quantity(target, "averageValue") + " (avg)"
                    : (hasStatus ? quantity(current, "value") : UNKNOWN) + "/" + quantity(target, "value");
            case "Pods" -> (hasStatus ? quantity(current, "averageValue") : UNKNOWN) + "/" + quantity(target, "averageValue");
            case "Resource", "ContainerResource" -> {
                String name = str(obj(spec, field), "name") + ": ";
                if (target != null && target.hasNonNull("averageValue")) {
                    yield name + (hasStatus ? quantity(current, "averageValue") : UNKNOWN) + "/" + quantity(target, "averageValue");
                }
                Long cur = hasStatus ? lng(current, "averageUtilization") : null;
                Long want = lng(target, "averageUtilization");
                yield name + (cur == null ? UNKNOWN : cur + "%") + "/" + (want == null ? "<auto>" : want + "%");
            }
            default -> "<unknown type>";
        };
    }

    private static String currentOr(boolean hasStatus, JsonNode current, String field) {
        return hasStatus && current != null && current.hasNonNull(field) ? quantity(current, field) : UNKNOWN;
    }

    /** Quantity.String(): a missing quantity prints as Go's zero Quantity, "0". */
    private static String quantity(JsonNode parent, String field) {
        Quantity q = parent == null ? null : Quantity.fromJson(parent.get(field));
        return q == null ? "0" : q.toString();
    }
}
