package dev.kube4j.apimachinery.validation;

/**
 * A field path rendered as upstream's {@code field.Path}: children joined by '.', indexes and map keys
 * in brackets, e.g. {@code spec.containers[0].resources.limits[cpu]}.
 */
public final class Path {

    private final String text;

    private Path(String text) {
        this.text = text;
    }

    /** A path made of the given children, e.g. {@code Path.of("spec", "template")}. */
    public static Path of(String... children) {
        Path p = new Path("");
        for (String c : children) {
            p = p.child(c);
        }
        return p;
    }

    public static Path root() {
        return new Path("");
    }

    public Path child(String name, String... more) {
        Path p = new Path(text.isEmpty() ? name : text + "." + name);
        for (String m : more) {
            p = p.child(m);
        }
        return p;
    }

    public Path index(int i) {
        return new Path(text + "[" + i + "]");
    }

    public Path key(String key) {
        return new Path(text + "[" + key + "]");
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Path p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
