package dev.kube4j.api.util;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Guards a strategy: an unexpected exception while defaulting is logged and ignored (validation then
 * reports the problem), during validation it becomes an internal field error, and a row that cannot
 * be printed falls back to its name.
 */
public final class SafeStrategy implements ResourceStrategy {

    private static final Logger LOG = Logger.getLogger(SafeStrategy.class.getName());

    private final ResourceStrategy delegate;

    public SafeStrategy(ResourceStrategy delegate) {
        this.delegate = delegate;
    }

    public ResourceStrategy delegate() {
        return delegate;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        try {
            delegate.applyDefaults(obj);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "defaulting failed", e);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        try {
            delegate.prepareForCreate(obj);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "prepareForCreate failed", e);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        try {
            delegate.prepareForUpdate(obj, old);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "prepareForUpdate failed", e);
        }
    }

    @Override
    public void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        try {
            delegate.prepareForStatusUpdate(obj, old);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "prepareForStatusUpdate failed", e);
        }
    }

    @Override
    public ObjectNode convert(ObjectNode obj, String apiVersion) {
        return delegate.convert(obj, apiVersion);
    }

    @Override
    public void beginDeletion(ObjectNode obj) {
        delegate.beginDeletion(obj);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        try {
            return delegate.validate(obj);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "validation failed", e);
            return List.of(new FieldError(FieldError.Type.INTERNAL, "", null, String.valueOf(e)));
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        try {
            return delegate.validateUpdate(obj, old);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "update validation failed", e);
            return List.of(new FieldError(FieldError.Type.INTERNAL, "", null, String.valueOf(e)));
        }
    }

    @Override
    public List<TableColumn> columns() {
        return delegate.columns();
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        try {
            return delegate.cells(obj);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "printing failed", e);
            List<Object> cells = new ArrayList<>();
            List<TableColumn> cols = delegate.columns();
            for (TableColumn c : cols) {
                cells.add(c.format().equals("name") ? Tables.name(obj) : "<unknown>");
            }
            return cells;
        }
    }

    @Override
    public Set<String> selectableFields() {
        return delegate.selectableFields();
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        try {
            return delegate.fieldValue(obj, field);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
