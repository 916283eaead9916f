package dev.kube4j.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kube4j.api.schema.Definition;
import dev.kube4j.api.schema.PatchMetadata;
import dev.kube4j.api.schema.Property;
import dev.kube4j.api.schema.SchemaRegistry;
import dev.kube4j.api.schema.SchemaType;
import dev.kube4j.apimachinery.apply.ApplySchema;
import dev.kube4j.apimachinery.meta.GroupVersionKind;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side-apply schemas of the built-in kinds: views of {@link SchemaRegistry#builtin()}'s
 * type graph, with list and map types from {@link PatchMetadata} — the same facts the OpenAPI
 * documents publish as {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys} and
 * {@code x-kubernetes-map-type}. Nodes are resolved lazily as an apply walks into them.
 */
public final class BuiltinApplySchemas {

    private static final Map<String, ApplySchema> DEFINITIONS = new ConcurrentHashMap<>();

    private BuiltinApplySchemas() {
    }

    /** The schema of a kind in a version; {@link ApplySchema#deduced()} for kinds the model lacks. */
    public static ApplySchema forKind(GroupVersionKind gvk) {
        return SchemaRegistry.builtin().forKind(gvk).map(d -> definition(d.name())).orElse(ApplySchema.deduced());
    }

    static ApplySchema definition(String name) {
        ApplySchema known = DEFINITIONS.get(name);
        if (known != null) {
            return known;
        }
        ApplySchema s = SchemaRegistry.builtin().definition(name).<ApplySchema>map(Struct::of).orElse(ApplySchema.deduced());
        DEFINITIONS.putIfAbsent(name, s);
        return s;
    }

    /** The schema of a field's value; {@code owner} and {@code field} locate its list and map markers. */
    static ApplySchema type(SchemaType t, String owner, String field) {
        return switch (t) {
            case SchemaType.Ref r -> definition(r.name());
            case SchemaType.Primitive p -> ApplySchema.scalar();
            case SchemaType.ArrayOf a -> new ListOf(PatchMetadata.listType(owner, field), type(a.items(), owner, field));
            case SchemaType.MapOf m -> new MapOf(PatchMetadata.isAtomicMap(owner, field), type(m.values(), owner, field));
            case SchemaType.FreeForm f -> ApplySchema.deduced();
        };
    }

    /** An object with declared fields (or one of apimachinery's scalar-like types). */
    record Struct(Definition def, Map<String, ApplySchema> fields) implements ApplySchema {

        static ApplySchema of(Definition def) {
            return switch (def.shape()) {
                case STRUCT -> new Struct(def, new ConcurrentHashMap<>());
                case FREE_OBJECT, ANY -> ApplySchema.deduced();
                default -> ApplySchema.scalar();
            };
        }

        @Override
        public Kind kind() {
            return Kind.STRUCT;
        }

        @Override
        public boolean atomic() {
            return PatchMetadata.isAtomicStruct(def.name());
        }

        @Override
        public boolean declares(String name) {
            return def.properties().containsKey(name);
        }

        @Override
        public ApplySchema field(String name) {
            Property p = def.properties().get(name);
            if (p == null) {
                return ApplySchema.deduced();
            }
            return fields.computeIfAbsent(name, n -> type(p.type(), def.name(), n));
        }
    }

    /** A list field. */
    record ListOf(PatchMetadata.ListType type, ApplySchema items) implements ApplySchema {
        @Override
        public Kind kind() {
            return Kind.LIST;
        }

        @Override
        public ListType listType() {
            return switch (type.type()) {
                case "map" -> ListType.MAP;
                case "set" -> ListType.SET;
                default -> ListType.ATOMIC;
            };
        }

        @Override
        public List<String> keys() {
            return type.keys();
        }

        /** Ports may omit their protocol, which upstream's schema defaults to TCP. */
        @Override
        public JsonNode keyDefault(String keyField) {
            return keyField.equals("protocol") ? TextNode.valueOf("TCP") : null;
        }
    }

    /** A map field (labels, data, nodeSelector…). */
    record MapOf(boolean atomic, ApplySchema values) implements ApplySchema {
        @Override
        public Kind kind() {
            return Kind.MAP;
        }

        @Override
        public ApplySchema field(String name) {
            return values;
        }
    }
}
