package dev.kube4j.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.schema.DefinitionNames;
import dev.kube4j.apimachinery.meta.GroupVersionKind;

import java.util.List;
import java.util.Map;

import static dev.kube4j.api.openapi.SchemaRenderer.F;

/**
 * A custom resource's definition in the OpenAPI documents, built from its CRD version's
 * {@code openAPIV3Schema} as upstream publishes it: {@code apiVersion}, {@code kind} and
 * {@code metadata} (a reference to ObjectMeta) added, the group-version-kind extension set; for
 * v2, what Swagger 2.0 cannot say ({@code nullable}, {@code anyOf}, {@code oneOf}, {@code not})
 * is dropped, along with the type of nullable fields.
 */
final class CustomResourceSchemas {

    private static final String API_VERSION_DESCRIPTION = "APIVersion defines the versioned schema of this "
            + "representation of an object. Servers should convert recognized schemas to the latest internal value, "
            + "and may reject unrecognized values. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private static final String KIND_DESCRIPTION = "Kind is a string value representing the REST resource this "
            + "object represents. Servers may infer this from the endpoint the client submits requests to. Cannot "
            + "be updated. In CamelCase. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private static final String METADATA_DESCRIPTION = "Standard object's metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private CustomResourceSchemas() {
    }

    /** The definition, rendered for v3 ({@code v3 = true}) or v2. */
    static ObjectNode definition(GroupVersionKind gvk, JsonNode schema, boolean v3) {
        ObjectNode def = schema != null && schema.isObject() ? ((ObjectNode) schema).deepCopy() : F.objectNode();
        if (!def.has("type")) {
            def.put("type", "object");
        }
        ObjectNode props = F.objectNode();
        props.putObject("apiVersion").put("description", API_VERSION_DESCRIPTION).put("type", "string");
        props.putObject("kind").put("description", KIND_DESCRIPTION).put("type", "string");
        ObjectNode metadata = props.putObject("metadata");
        String ref = (v3 ? "#/components/schemas/" : "#/definitions/") + DefinitionNames.OBJECT_META;
        if (v3) {
            metadata.putArray("allOf").addObject().put("$ref", ref);
        } else {
            metadata.put("$ref", ref);
        }
        metadata.put("description", METADATA_DESCRIPTION);
        JsonNode declared = def.remove("properties");
        if (declared != null) {
            for (Map.Entry<String, JsonNode> e : declared.properties()) {
                if (!e.getKey().equals("metadata")) { // metadata is always ObjectMeta
                    props.set(e.getKey(), e.getValue());
                }
            }
        }
        def.set("properties", props);
        if (!v3) {
            toV2(def);
        }
        ArrayNode gvks = def.putArray("x-kubernetes-group-version-kind");
        gvks.add(SchemaRenderer.gvk(gvk));
        return def;
    }

    /** Removes, recursively, what Swagger 2.0 cannot express. */
    private static void toV2(ObjectNode s) {
        if (s.path("nullable").asBoolean(false)) {
            s.remove("type");
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            s.remove("type");
        }
        s.remove(List.of("nullable", "anyOf", "oneOf", "not", "allOf"));
        for (String child : List.of("items", "additionalProperties")) {
            if (s.get(child) instanceof ObjectNode o) {
                toV2(o);
            }
        }
        if (s.get("properties") instanceof ObjectNode props) {
            props.properties().forEach(e -> {
                if (e.getValue() instanceof ObjectNode o) {
                    toV2(o);
                }
            });
        }
    }
}
