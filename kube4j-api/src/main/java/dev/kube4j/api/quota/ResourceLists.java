package dev.kube4j.api.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.resource.Quantity;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Operations on resource lists ({@code cpu: 500m, pods: "3"}) as upstream's quota helpers:
 * sorted maps of quantities, so printing follows upstream's sorted {@code prettyPrint}.
 */
public final class ResourceLists {

    private ResourceLists() {
    }

    /** A JSON resource list; entries that are not quantities are skipped. */
    public static TreeMap<String, Quantity> fromJson(JsonNode list) {
        TreeMap<String, Quantity> out = new TreeMap<>();
        if (list != null && list.isObject()) {
            list.properties().forEach(e -> {
                Quantity q = Quantity.fromJson(e.getValue());
                if (q != null) {
                    out.put(e.getKey(), q);
                }
            });
        }
        return out;
    }

    public static ObjectNode toJson(Map<String, Quantity> list) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(list).forEach((k, v) -> o.put(k, v.toString()));
        return o;
    }

    /** {@code a + b}, name by name. */
    public static TreeMap<String, Quantity> add(Map<String, Quantity> a, Map<String, Quantity> b) {
        TreeMap<String, Quantity> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Quantity::add));
        return out;
    }

    /** {@code a - b}, never below zero, for the names of {@code a}. */
    public static TreeMap<String, Quantity> subtractNonNegative(Map<String, Quantity> a, Map<String, Quantity> b) {
        TreeMap<String, Quantity> out = new TreeMap<>();
        a.forEach((k, v) -> {
            Quantity other = b.get(k);
            Quantity d = other == null ? v : Quantity.of(v.value().subtract(other.value()), v.format());
            out.put(k, d.signum() < 0 ? Quantity.ZERO : d);
        });
        return out;
    }

    /** Only the entries named in {@code names}. */
    public static TreeMap<String, Quantity> mask(Map<String, Quantity> list, Collection<String> names) {
        TreeMap<String, Quantity> out = new TreeMap<>();
        for (String n : names) {
            if (list.containsKey(n)) {
                out.put(n, list.get(n));
            }
        }
        return out;
    }

    /** Names of {@code a} whose quantity exceeds the one in {@code b} (names missing in {@code b} never do). */
    public static Set<String> exceeding(Map<String, Quantity> a, Map<String, Quantity> b) {
        Set<String> out = new TreeSet<>();
        a.forEach((k, v) -> {
            Quantity limit = b.get(k);
            if (limit != null && v.compareTo(limit) > 0) {
                out.add(k);
            }
        });
        return out;
    }

    public static boolean isZero(Map<String, Quantity> list) {
        return list.values().stream().allMatch(Quantity::isZero);
    }

    /** Upstream's prettyPrint: {@code cpu=1,pods=2}, sorted by name. */
    public static String prettyPrint(Map<String, Quantity> list) {
        return new TreeMap<>(list).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Largest of both, name by name, into {@code into}. */
    static void max(Map<String, Quantity> into, Map<String, Quantity> other) {
        other.forEach((k, v) -> into.merge(k, v, (x, y) -> x.compareTo(y) >= 0 ? x : y));
    }
}
