package dev.kube4j.apimachinery.strategy;

/**
 * A column of a {@code meta.k8s.io/v1 Table}, as kubectl prints it.
 *
 * @param type     OpenAPI type: string, integer, number, boolean, date
 * @param format   e.g. {@code name} for the NAME column, or empty
 * @param priority 0 = default output, 1 = only with {@code -o wide}
 */
public record TableColumn(String name, String type, String format, String description, int priority) {

    public static TableColumn name(String kind) {
        return new TableColumn("Name", "string", "name",
                "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", 0);
    }

    public static TableColumn string(String name, String description) {
        return new TableColumn(name, "string", "", description, 0);
    }

    public static TableColumn wide(String name, String description) {
        return new TableColumn(name, "string", "", description, 1);
    }

    public static TableColumn integer(String name, String description) {
        return new TableColumn(name, "integer", "", description, 0);
    }

    /** The AGE column: a creation timestamp that kubectl renders relative to now. */
    public static TableColumn age() {
        return new TableColumn("Age", "string", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
    }
}
