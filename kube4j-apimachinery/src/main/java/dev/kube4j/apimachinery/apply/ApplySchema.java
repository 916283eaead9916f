package dev.kube4j.apimachinery.apply;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What server-side apply needs to know about the type of a value: structured-merge-diff's view
 * of a schema. Built-in kinds get theirs from the OpenAPI model, custom resources can plug in
 * their own; parts without a schema are {@link #deduced()}: objects are granular maps, lists are
 * atomic, as upstream treats untyped values.
 */
public interface ApplySchema {

    /** The shape of the value. */
    enum Kind {
        /** A string, number, boolean (or a type such as Quantity serialized as one). */
        SCALAR,
        /** An object with declared fields. */
        STRUCT,
        /** An object with arbitrary keys sharing one value type (labels, data). */
        MAP,
        /** A list; see {@link #listType()}. */
        LIST,
        /** Unknown: decided from the value. */
        DEDUCED
    }

    /** How list elements are told apart. */
    enum ListType {
        /** The list is one value, replaced whole. */
        ATOMIC,
        /** Elements are scalars identified by their value. */
        SET,
        /** Elements are objects identified by their {@link #keys()}. */
        MAP
    }

    Kind kind();

    /** For STRUCT and MAP: whether the object is replaced whole ({@code x-kubernetes-map-type: atomic}). */
    default boolean atomic() {
        return false;
    }

    /** For STRUCT: whether {@code name} is a declared field (declared fields are not members by themselves). */
    default boolean declares(String name) {
        return false;
    }

    /** For STRUCT and MAP: the schema of a member's value; {@link #deduced()} when unknown. */
    default ApplySchema field(String name) {
        return deduced();
    }

    /** For LIST. */
    default ListType listType() {
        return ListType.ATOMIC;
    }

    /** For a MAP list: the key fields, e.g. {@code [containerPort, protocol]}. */
    default List<String> keys() {
        return List.of();
    }

    /** For a MAP list: the value of a key field an element may omit (upstream's schema default), or null. */
    default JsonNode keyDefault(String keyField) {
        return null;
    }

    /** For LIST: the schema of the elements. */
    default ApplySchema items() {
        return deduced();
    }

    /** The schema of untyped values. */
    static ApplySchema deduced() {
        return Deduced.INSTANCE;
    }

    /** A schema of scalars. */
    static ApplySchema scalar() {
        return Deduced.SCALAR;
    }

    /** Singletons for the untyped cases. */
    final class Deduced {
        static final ApplySchema INSTANCE = () -> Kind.DEDUCED;
        static final ApplySchema SCALAR = () -> Kind.SCALAR;

        private Deduced() {
        }
    }
}
