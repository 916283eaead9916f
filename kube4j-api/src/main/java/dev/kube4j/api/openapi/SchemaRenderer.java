package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.schema.Definition;
import dev.kube4j.api.schema.PatchMetadata;
import dev.kube4j.api.schema.Property;
import dev.kube4j.api.schema.SchemaType;
import dev.kube4j.apimachinery.meta.GroupVersionKind;

import java.util.List;

/** Renders {@link Definition}s as OpenAPI v2 (Swagger) or v3 schemas, shaped like upstream's. */
final class SchemaRenderer {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final boolean v3;

    SchemaRenderer(boolean v3) {
        this.v3 = v3;
    }

    boolean isV3() {
        return v3;
    }

    String refPrefix() {
        return v3 ? "#/components/schemas/" : "#/definitions/";
    }

    /** A bare {@code {"$ref": ...}}. */
    ObjectNode ref(String name) {
        ObjectNode n = F.objectNode();
        n.put("$ref", refPrefix() + name);
        return n;
    }

    ObjectNode definition(Definition def, List<GroupVersionKind> gvks) {
        ObjectNode n = F.objectNode();
        if (def.description() != null) {
            n.put("description", def.description());
        }
        switch (def.shape()) {
            case STRUCT -> {
                n.put("type", "object");
                if (!def.required().isEmpty()) {
                    ArrayNode req = n.putArray("required");
                    def.required().forEach(req::add);
                }
                ObjectNode props = n.putObject("properties");
                for (Property p : def.properties().values()) {
                    props.set(p.name(), property(def.name(), p));
                }
            }
            case INT_OR_STRING -> {
                if (v3) {
                    oneOf(n, "integer", "string");
                } else {
                    n.put("type", "string");
                }
                n.put("format", "int-or-string");
            }
            case QUANTITY -> {
                if (v3) {
                    oneOf(n, "string", "number");
                } else {
                    n.put("type", "string");
                }
            }
            case TIME, MICRO_TIME -> {
                n.put("type", "string");
                n.put("format", "date-time");
            }
            case DURATION -> n.put("type", "string");
            case FREE_OBJECT -> n.put("type", "object");
            case ANY -> {
            }
        }
        if (!gvks.isEmpty()) {
            n.set("x-kubernetes-group-version-kind", gvkList(gvks));
        }
        if (PatchMetadata.isAtomicStruct(def.name())) {
            n.put("x-kubernetes-map-type", "atomic");
        }
        return n;
    }

    static ArrayNode gvkList(List<GroupVersionKind> gvks) {
        ArrayNode list = F.arrayNode();
        for (GroupVersionKind g : gvks) {
            list.add(gvk(g));
        }
        return list;
    }

    static ObjectNode gvk(GroupVersionKind g) {
        ObjectNode o = F.objectNode();
        o.put("group", g.group());
        o.put("kind", g.kind());
        o.put("version", g.version());
        return o;
    }

    private static void oneOf(ObjectNode n, String... types) {
        ArrayNode one = n.putArray("oneOf");
        for (String t : types) {
            one.addObject().put("type", t);
        }
    }

    private ObjectNode property(String definitionName, Property p) {
        ObjectNode n = type(p.type(), p.description());
        PatchMetadata.listTypeMarker(definitionName, p.name()).ifPresent(lt -> {
            if (!lt.keys().isEmpty()) {
                ArrayNode keys = n.putArray("x-kubernetes-list-map-keys");
                lt.keys().forEach(keys::add);
            }
            n.put("x-kubernetes-list-type", lt.type());
        });
        if (PatchMetadata.isAtomicMap(definitionName, p.name())) {
            n.put("x-kubernetes-map-type", "atomic");
        }
        if (p.patchMergeKey() != null) {
            n.put("x-kubernetes-patch-merge-key", p.patchMergeKey());
        }
        if (p.patchStrategy() != null) {
            n.put("x-kubernetes-patch-strategy", p.patchStrategy());
        }
        return n;
    }

    /** The schema of a value; v3 wraps references in {@code allOf} as upstream does. */
    ObjectNode type(SchemaType t, String description) {
        ObjectNode n;
        switch (t) {
            case SchemaType.Ref r -> {
                if (v3) {
                    n = F.objectNode();
                    n.putArray("allOf").add(ref(r.name()));
                } else {
                    n = ref(r.name());
                }
            }
            case SchemaType.Primitive p -> {
                n = F.objectNode();
                n.put("type", p.type());
                if (p.format() != null) {
                    n.put("format", p.format());
                }
            }
            case SchemaType.ArrayOf a -> {
                n = F.objectNode();
                n.put("type", "array");
                n.set("items", type(a.items(), null));
            }
            case SchemaType.MapOf m -> {
                n = F.objectNode();
                n.put("type", "object");
                n.set("additionalProperties", type(m.values(), null));
            }
            case SchemaType.FreeForm f -> {
                n = F.objectNode();
                if (v3) {
                    n.put("x-kubernetes-preserve-unknown-fields", true);
                }
            }
        }
        if (description != null) {
            n.put("description", description);
        }
        return n;
    }
}
