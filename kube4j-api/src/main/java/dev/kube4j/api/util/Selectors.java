package dev.kube4j.api.util;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.kube4j.apimachinery.strategy.Nodes.arr;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/** Label-selector matching and printing as upstream's labels / metav1 helpers do. */
public final class Selectors {

    private Selectors() {
    }

    /** A metav1.LabelSelector (JSON) printed as {@code selector.String()}; null when the selector is invalid. */
    public static String selectorString(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        List<String[]> reqs = new ArrayList<>();
        JsonNode ml = obj(selector, "matchLabels");
        if (ml != null) {
            ml.properties().forEach(e -> reqs.add(new String[]{e.getKey(), "=", e.getValue().asText()}));
        }
        JsonNode me = arr(selector, "matchExpressions");
        if (me != null) {
            for (JsonNode r : me) {
                String key = str(r, "key");
                List<String> values = new ArrayList<>(new TreeSet<>(strings(r, "values")));
                String op = str(r, "operator");
                switch (op) {
                    case "In" -> reqs.add(new String[]{key, " in ", "(" + String.join(",", values) + ")"});
                    case "NotIn" -> reqs.add(new String[]{key, " notin ", "(" + String.join(",", values) + ")"});
                    case "Exists" -> reqs.add(new String[]{key, "", ""});
                    case "DoesNotExist" -> reqs.add(new String[]{"!" + key, "", ""});
                    default -> {
                        return null;
                    }
                }
            }
        }
        reqs.sort((a, b) -> stripBang(a[0]).compareTo(stripBang(b[0])));
        List<String> out = new ArrayList<>();
        for (String[] r : reqs) {
            out.add(r[0] + r[1] + r[2]);
        }
        byKey.clear();
        return String.join(",", out);
    }

    private static String stripBang(String k) {
        return k.startsWith("!") ? k.substring(1) : k;
    }

    /** metav1.FormatLabelSelector: {@code <none>} when empty, {@code <error>} when invalid. */
    public static String formatLabelSelector(JsonNode selector) {
        String s = selectorString(selector);
        if (s == null) {
            return "<error>";
        }
        return s.isEmpty() ? "<none>" : s;
    }

    /** labels.FormatLabels: sorted {@code k=v} pairs, {@code <none>} when empty. */
    public static String formatLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** Whether a metav1.LabelSelector matches the labels; an empty selector matches everything. */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector == null || !selector.isObject()) {
            return false;
        }
        JsonNode ml = obj(selector, "matchLabels");
        if (ml != null) {
            var it = ml.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().asText().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        JsonNode me = arr(selector, "matchExpressions");
        if (me != null) {
            for (JsonNode r : me) {
                String key = str(r, "key");
                List<String> values = strings(r, "values");
                boolean has = l.containsKey(key);
                boolean ok = switch (str(r, "operator")) {
                    case "In" -> has && values.contains(l.get(key));
                    case "NotIn" -> !has || !values.contains(l.get(key));
                    case "Exists" -> has;
                    case "DoesNotExist" -> !has;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a metav1.LabelSelector can be converted to a selector (valid operators). */
    public static boolean isValid(JsonNode selector) {
        return selector != null && selector.isObject() && selectorString(selector) != null;
    }

    /** Whether the selector has no requirements. */
    public static boolean isEmpty(JsonNode selector) {
        JsonNode ml = obj(selector, "matchLabels");
        JsonNode me = arr(selector, "matchExpressions");
        return (ml == null || ml.isEmpty()) && (me == null || me.isEmpty());
    }

    /** Whether a map selector (RC, Service) matches the labels; an empty selector matches nothing here. */
    public static boolean mapMatches(Map<String, String> selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (var e : selector.entrySet()) {
            if (!e.getValue().equals(l.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
