package dev.kube4j.api.schema;

/**
 * The shape of one field's value in a {@link Definition}: a reference to another named
 * definition, a JSON primitive, an array, a string-keyed map, or free-form JSON.
 */
public sealed interface SchemaType {

    /** A reference to the named definition, e.g. {@code io.k8s.api.core.v1.PodSpec}. */
    record Ref(String name) implements SchemaType {
    }

    /** A JSON primitive: {@code string}, {@code integer}, {@code number} or {@code boolean}, with an optional format. */
    record Primitive(String type, String format) implements SchemaType {
        public static final Primitive STRING = new Primitive("string", null);
        public static final Primitive INT32 = new Primitive("integer", "int32");
        public static final Primitive INT64 = new Primitive("integer", "int64");
        public static final Primitive DOUBLE = new Primitive("number", "double");
        public static final Primitive BOOLEAN = new Primitive("boolean", null);
    }

    /** A JSON array whose items all have the given type. */
    record ArrayOf(SchemaType items) implements SchemaType {
    }

    /** A JSON object with arbitrary string keys whose values have the given type. */
    record MapOf(SchemaType values) implements SchemaType {
    }

    /** Any JSON value; nothing inside it is checked. */
    record FreeForm() implements SchemaType {
        public static final FreeForm INSTANCE = new FreeForm();
    }
}
