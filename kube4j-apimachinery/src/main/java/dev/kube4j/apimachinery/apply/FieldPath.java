package dev.kube4j.apimachinery.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * A path to a field or list element of an object, e.g. {@code .spec.containers[name="app"].image}.
 * Ordered element by element, a path before the paths below it.
 */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {

    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    /** A path of fields only, e.g. {@code FieldPath.of("spec", "replicas")}. */
    public static FieldPath of(String... fields) {
        List<PathElement> out = new ArrayList<>();
        for (String f : fields) {
            out.add(new PathElement.Field(f));
        }
        return new FieldPath(out);
    }

    public FieldPath child(PathElement e) {
        List<PathElement> out = new ArrayList<>(elements.size() + 1);
        out.addAll(elements);
        out.add(e);
        return new FieldPath(out);
    }

    public FieldPath child(String field) {
        return child(new PathElement.Field(field));
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public PathElement last() {
        return elements.getLast();
    }

    public FieldPath parent() {
        return new FieldPath(elements.subList(0, elements.size() - 1));
    }

    public FieldPath prefix(int length) {
        return new FieldPath(elements.subList(0, length));
    }

    /** Whether {@code other} is this path or below it. */
    public boolean isPrefixOf(FieldPath other) {
        return other.elements.size() >= elements.size() && other.elements.subList(0, elements.size()).equals(elements);
    }

    @Override
    public int compareTo(FieldPath o) {
        for (int i = 0; i < Math.min(elements.size(), o.elements.size()); i++) {
            int c = elements.get(i).compareTo(o.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.size(), o.elements.size());
    }

    /** Upstream's rendering, as conflict messages print it. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        elements.forEach(b::append);
        return b.toString();
    }
}
