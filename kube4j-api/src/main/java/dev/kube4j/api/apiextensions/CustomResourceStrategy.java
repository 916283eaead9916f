package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * The strategy of one served version of a custom resource: pruning and defaulting from its
 * structural schema, schema validation, generation and status handling as upstream's
 * customResourceStrategy, and the CRD's printer columns.
 */
public final class CustomResourceStrategy implements ResourceStrategy {

    private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
            + "resources, although some resources may allow a client to request the generation of an appropriate name "
            + "automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot "
            + "be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private final boolean namespaced;
    private final boolean terminating;
    private final CrdSpec.Version version;
    private final List<TableColumn> columns;
    private final List<SimpleJsonPath> columnPaths;

    /** @param terminating the CRD is being deleted: its resources refuse creates */
    public CustomResourceStrategy(CrdSpec crd, CrdSpec.Version version, boolean terminating) {
        this.namespaced = crd.namespaced();
        this.terminating = terminating;
        this.version = version;
        List<CrdSpec.PrinterColumn> defined = version.printerColumns().isEmpty()
                ? List.of(new CrdSpec.PrinterColumn("Age", "date", "", "", 0, ".metadata.creationTimestamp"))
                : version.printerColumns();
        List<TableColumn> cols = new ArrayList<>();
        List<SimpleJsonPath> paths = new ArrayList<>();
        cols.add(new TableColumn("Name", "string", "name", NAME_DESCRIPTION, 0));
        for (CrdSpec.PrinterColumn c : defined) {
            try {
                paths.add(SimpleJsonPath.parse(c.jsonPath()));
            } catch (IllegalArgumentException e) {
                paths.add(null);
            }
            cols.add(new TableColumn(c.name(), c.type(), c.format(), c.description().isEmpty()
                    ? "Custom resource definition column (in JSONPath format): " + c.jsonPath() : c.description(), c.priority()));
        }
        this.columns = List.copyOf(cols);
        this.columnPaths = paths;
    }

    public boolean terminating() {
        return terminating;
    }

    public CrdSpec.Version version() {
        return version;
    }

    public StructuralSchema schema() {
        return version.schema();
    }

    /** The fields pruning would drop from a request body: what {@code fieldValidation} reports. */
    public List<String> unknownFields(JsonNode object) {
        return SchemaPruner.unknownFields(object, version.schema());
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        SchemaPruner.prune(obj, version.schema());
        SchemaDefaulter.apply(obj, version.schema());
    }

    @Override
    public void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        applyDefaults(obj);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        if (version.statusSubresource()) {
            obj.remove("status"); // status is written through /status only
        }
        obj.with("metadata").put("generation", 1);
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        // Upstream bumps the generation on any change outside metadata (and status, when it is a subresource).
        if (!withoutMetadata(obj).equals(withoutMetadata(old))) {
            obj.with("metadata").put("generation", old.path("metadata").path("generation").asLong(1) + 1);
        }
    }

    private ObjectNode withoutMetadata(ObjectNode obj) {
        ObjectNode copy = obj.deepCopy();
        copy.remove("metadata");
        if (version.statusSubresource()) {
            copy.remove("status");
        }
        return copy;
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(GenericMetadata.validate(obj, namespaced, NameValidator.DNS_SUBDOMAIN));
        errs.addAll(validateSchema(obj));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(GenericMetadata.validateUpdate(obj, old));
        errs.addAll(validateSchema(obj));
        return errs;
    }

    private List<FieldError> validateSchema(ObjectNode obj) {
        ObjectNode body = obj.deepCopy();
        body.remove("metadata"); // ObjectMeta is validated as such
        List<FieldError> errs = new ArrayList<>(SchemaValidator.validate(body, version.schema(), ""));
        if (version.scale() != null) {
            errs.addAll(validateReplicas(obj, version.scale().specReplicasPath()));
            errs.addAll(validateReplicas(obj, version.scale().statusReplicasPath()));
        }
        return errs;
    }

    /**
     * The scale subresource's replicas must be non-negative 32-bit integers when set, as upstream
     * checks them; upstream names the field by the CRD's path, leading dot included.
     */
    private static List<FieldError> validateReplicas(ObjectNode obj, String path) {
        JsonNode replicas = SimpleJsonPath.parse(path).first(obj);
        if (replicas == null || replicas.isNull()) {
            return List.of();
        }
        if (!replicas.isIntegralNumber()) {
            return List.of(FieldError.invalid(path, replicas, path + " accessor error: " + replicas
                    + " is of the type " + SchemaValidator.jsonType(replicas) + ", expected int64"));
        }
        if (replicas.asLong() < 0) {
            return List.of(FieldError.invalid(path, replicas, "should be a non-negative integer"));
        }
        if (replicas.asLong() > Integer.MAX_VALUE) {
            return List.of(FieldError.invalid(path, replicas, "should be less than or equal to " + Integer.MAX_VALUE));
        }
        return List.of();
    }

    @Override
    public List<TableColumn> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        List<Object> cells = new ArrayList<>(columns.size());
        cells.add(obj.path("metadata").path("name").asText(""));
        for (int i = 1; i < columns.size(); i++) {
            SimpleJsonPath p = columnPaths.get(i - 1);
            JsonNode v = p == null ? null : p.first(obj);
            cells.add(cell(columns.get(i).type(), v));
        }
        return cells;
    }

    /** Upstream's cellForJSONValue: a typed cell, or null when the value does not fit the column's type. */
    static Object cell(String type, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return switch (type) {
            case "integer" -> v.isNumber() ? (Object) v.asLong() : null;
            case "number" -> v.isNumber() ? (Object) v.asDouble() : null;
            case "boolean" -> v.isBoolean() ? (Object) v.asBoolean() : null;
            case "date" -> v.isTextual() ? (HumanDuration.parse(v.asText()) == null ? "<invalid>" : HumanDuration.since(v.asText())) : null;
            case "string" -> v.isValueNode() ? v.asText() : v.toString();
            default -> null;
        };
    }
}
