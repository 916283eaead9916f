package dev.kube4j.apimachinery.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.validation.FieldError;

import java.util.List;
import java.util.Set;

/**
 * What one kind adds to the generic API server: defaulting, validation, preparation of create
 * and update, the table columns kubectl prints, and the fields a field selector may use.
 *
 * <p>Objects are JSON trees; the generic server owns metadata (uid, resourceVersion, generation,
 * timestamps) and the status/spec split of the status subresource.
 */
public interface ResourceStrategy {

    /** Fills defaults in place, as upstream's defaulting functions do on every write. */
    default void applyDefaults(ObjectNode obj) {
    }

    /** Kind-specific preparation on create, e.g. a pod's initial {@code status.phase: Pending}. */
    default void prepareForCreate(ObjectNode obj) {
    }

    /** Kind-specific preparation on update of the main resource. */
    default void prepareForUpdate(ObjectNode obj, ObjectNode old) {
    }

    /** Kind-specific preparation of an update through the status subresource (after the status/spec split). */
    default void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
    }

    /**
     * The object as another version of the same kind presents it, for kinds served in several
     * versions from one stored version (autoscaling/v1 and v2 HorizontalPodAutoscalers). Returns a
     * new object; by default only the apiVersion changes.
     */
    default ObjectNode convert(ObjectNode obj, String apiVersion) {
        ObjectNode copy = obj.deepCopy();
        copy.put("apiVersion", apiVersion);
        return copy;
    }

    /**
     * Called when a delete starts on an object not yet being deleted: the kind may add finalizers
     * or conditions that make the deletion wait, as a CRD's cleanup finalizer does.
     */
    default void beginDeletion(ObjectNode obj) {
    }

    /** Validation of a new object; field paths as upstream ({@code spec.containers[0].image}). */
    default List<FieldError> validate(ObjectNode obj) {
        return List.of();
    }

    /** Validation of an update, including immutable fields. */
    default List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return validate(obj);
    }

    /** Table columns in kubectl's order; the first is always the name. */
    List<TableColumn> columns();

    /** One row's cells, one per column, as JSON-friendly values (String, Long, Integer…). */
    List<Object> cells(ObjectNode obj);

    /**
     * Fields usable in a field selector besides {@code metadata.name} and
     * {@code metadata.namespace}, e.g. {@code spec.nodeName}, {@code status.phase} for pods.
     */
    default Set<String> selectableFields() {
        return Set.of();
    }

    /** The value of a selectable field for this object ("" when absent). */
    default String fieldValue(ObjectNode obj, String field) {
        return FieldPaths.text(obj, field);
    }
}
