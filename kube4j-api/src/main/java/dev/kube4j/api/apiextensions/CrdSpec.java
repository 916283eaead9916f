package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a CustomResourceDefinition (apiextensions.k8s.io/v1) that serving its resources
 * needs, read from its JSON tree.
 */
public record CrdSpec(String name, String group, boolean namespaced, Names names, Names acceptedNames,
                      List<Version> versions, boolean preserveUnknownFields) {

    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    /** spec.names or status.acceptedNames. */
    public record Names(String plural, String singular, String kind, String listKind,
                        List<String> shortNames, List<String> categories) {

        static Names of(JsonNode n) {
            String kind = n.path("kind").asText("");
            String singular = n.path("singular").asText("");
            String listKind = n.path("listKind").asText("");
            return new Names(n.path("plural").asText(""), singular.isEmpty() ? kind.toLowerCase() : singular, kind,
                    listKind.isEmpty() && !kind.isEmpty() ? kind + "List" : listKind,
                    strings(n.path("shortNames")), strings(n.path("categories")));
        }
    }

    /** One printer column: {@code additionalPrinterColumns[i]}. */
    public record PrinterColumn(String name, String type, String format, String description, int priority,
                                String jsonPath) {
    }

    /** The scale subresource's paths; {@code labelSelectorPath} may be null. */
    public record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
    }

    /** One entry of spec.versions. */
    public record Version(String name, boolean served, boolean storage, JsonNode openApiSchema, StructuralSchema schema,
                          boolean statusSubresource, ScalePaths scale, List<PrinterColumn> printerColumns,
                          boolean deprecated, String deprecationWarning) {
    }

    public static CrdSpec of(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        List<Version> versions = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            JsonNode schema = v.path("schema").get("openAPIV3Schema");
            JsonNode sub = v.path("subresources");
            JsonNode scale = sub.get("scale");
            List<PrinterColumn> columns = new ArrayList<>();
            for (JsonNode c : v.path("additionalPrinterColumns")) {
                columns.add(new PrinterColumn(c.path("name").asText(""), c.path("type").asText(""),
                        c.path("format").asText(""), c.path("description").asText(""), c.path("priority").asInt(0),
                        c.path("jsonPath").asText("")));
            }
            versions.add(new Version(v.path("name").asText(""), v.path("served").asBoolean(false),
                    v.path("storage").asBoolean(false), schema,
                    schema == null || !schema.isObject() ? StructuralSchema.ANYTHING : StructuralSchema.parse(schema),
                    sub.has("status"),
                    scale == null || !scale.isObject() ? null : new ScalePaths(scale.path("specReplicasPath").asText(""),
                            scale.path("statusReplicasPath").asText(""),
                            scale.hasNonNull("labelSelectorPath") ? scale.get("labelSelectorPath").asText() : null),
                    List.copyOf(columns), v.path("deprecated").asBoolean(false),
                    v.hasNonNull("deprecationWarning") ? v.get("deprecationWarning").asText() : null));
        }
        return new CrdSpec(crd.path("metadata").path("name").asText(""), spec.path("group").asText(""),
                "Namespaced".equals(spec.path("scope").asText()), Names.of(spec.path("names")),
                Names.of(crd.path("status").path("acceptedNames")), List.copyOf(versions),
                spec.path("preserveUnknownFields").asBoolean(false));
    }

    /** The version objects are stored in. */
    public Version storageVersion() {
        return versions.stream().filter(Version::storage).findFirst()
                .orElse(versions.isEmpty() ? null : versions.get(0));
    }

    /** Served versions, most preferred first (Kubernetes version priority: v2 > v1 > v1beta2 > v1alpha1 > other). */
    public List<Version> servedVersions() {
        return versions.stream().filter(Version::served)
                .sorted((a, b) -> VersionPriority.compare(a.name(), b.name())).toList();
    }

    /** The storage key prefix of the resources: {@code /registry/<group>/<plural>/}, as upstream. */
    public String storagePrefix() {
        return "/registry/" + group + "/" + names.plural() + "/";
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
