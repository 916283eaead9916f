package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The "simple JSONPath" CRDs use for printer columns and scale paths: {@code .spec.replicas},
 * {@code .items[0].name}, {@code .metadata.labels['app.kubernetes.io/name']},
 * {@code .status.conditions[?(@.type=="Ready")].status}. {@link #first} gives the first match.
 */
public final class SimpleJsonPath {

    private sealed interface Step permits Field, Index, Filter, All {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record All() implements Step {
    }

    private record Filter(List<String> field, String value) implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private SimpleJsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException when the path is not one of the supported forms */
    public static SimpleJsonPath parse(String path) {
        String p = path.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        if (p.startsWith("$")) {
            i = 1;
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("empty field name in " + path);
                }
                steps.add(new Field(p.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                int end = closing(p, i, path);
                steps.add(bracket(p.substring(i + 1, end).strip(), path));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected " + c + " in " + path);
            }
        }
        return new SimpleJsonPath(path, List.copyOf(steps));
    }

    private static int closing(String p, int open, String path) {
        boolean quoted = false;
        char quote = 0;
        for (int j = open + 1; j < p.length(); j++) {
            char c = p.charAt(j);
            if (quoted) {
                if (c == quote) {
                    quoted = false;
                }
            } else if (c == '\'' || c == '"') {
                quoted = true;
                quote = c;
            } else if (c == ']') {
                return j;
            }
        }
        throw new IllegalArgumentException("unclosed [ in " + path);
    }

    private static Step bracket(String inner, String path) {
        if (inner.equals("*")) {
            return new All();
        }
        if (unquote(inner) != null) {
            return new Field(unquote(inner));
        }
        if (inner.startsWith("?(@.") && inner.endsWith(")")) {
            String[] parts = inner.substring(4, inner.length() - 1).split("==", 2);
            String value = parts.length == 2 ? unquote(parts[1].strip()) : null;
            if (value == null) {
                throw new IllegalArgumentException("unsupported filter in " + path);
            }
            return new Filter(List.of(parts[0].strip().split("\\.")), value);
        }
        try {
            return new Index(Integer.parseInt(inner));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unsupported subscript [" + inner + "] in " + path);
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return null;
    }

    /** The first value the path selects, or null. */
    public JsonNode first(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                switch (step) {
                    case Field f -> add(next, n.get(f.name()));
                    case Index ix -> {
                        if (n.isArray()) {
                            add(next, n.get(ix.index() < 0 ? n.size() + ix.index() : ix.index()));
                        }
                    }
                    case All a -> n.elements().forEachRemaining(next::add);
                    case Filter flt -> n.elements().forEachRemaining(item -> {
                        JsonNode v = item;
                        for (String f : flt.field()) {
                            v = v.path(f);
                        }
                        if (v.isValueNode() && v.asText().equals(flt.value())) {
                            next.add(item);
                        }
                    });
                }
            }
            current = next;
        }
        return current.isEmpty() ? null : current.get(0);
    }

    /** The field names of a path made only of fields ({@code .spec.replicas}), or null otherwise. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        for (Step s : steps) {
            if (!(s instanceof Field f)) {
                return null;
            }
            names.add(f.name());
        }
        return names;
    }

    private static void add(List<JsonNode> out, JsonNode n) {
        if (n != null && !n.isMissingNode()) {
            out.add(n);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
