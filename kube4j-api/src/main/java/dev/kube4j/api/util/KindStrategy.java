package dev.kube4j.api.util;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the built-in strategies: metadata validation with the kind's name rule, then the
 * kind-specific checks; the default table (Name, Created At) for kinds without a printer.
 */
public abstract class KindStrategy implements ResourceStrategy {

    protected final boolean namespaced;
    protected final NameValidator nameValidator;

    protected KindStrategy(boolean namespaced, NameValidator nameValidator) {
        this.namespaced = namespaced;
        this.nameValidator = nameValidator;
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateObjectMeta(obj, namespaced, nameValidator));
        errs.addAll(validateSpec(obj));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateObjectMetaUpdate(obj, old));
        errs.addAll(validateSpecUpdate(obj, old));
        return errs;
    }

    /** Kind-specific validation of a new object (metadata already checked). */
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return List.of();
    }

    /** Kind-specific validation of an update; by default the create-time checks. */
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        return validateSpec(obj);
    }

    @Override
    public List<TableColumn> columns() {
        return Tables.defaultColumns();
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return Tables.defaultCells(obj);
    }
}
