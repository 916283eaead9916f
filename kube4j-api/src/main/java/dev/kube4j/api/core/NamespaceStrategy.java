package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 namespaces: the kubernetes finalizer, phase Active, the metadata.name label. */
public class NamespaceStrategy extends KindStrategy {

    public NamespaceStrategy() {
        super(false, NameValidator.DNS_LABEL);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode meta = obj(obj, "metadata");
        String name = str(meta, "name");
        if (!name.isEmpty()) {
            ObjectNode labels = objOrCreate(meta, "labels");
            if (labels != null) {
                labels.put("kubernetes.io/metadata.name", name);
            }
        }
        ObjectNode status = objOrCreate(obj, "status");
        if (status != null && str(status, "phase").isEmpty()) {
            status.put("phase", "Active");
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Active");
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        JsonNode f = spec.get("finalizers");
        ArrayNode finalizers = f instanceof ArrayNode a ? a : spec.putArray("finalizers");
        boolean has = false;
        for (JsonNode n : finalizers) {
            has |= n.isTextual() && n.asText().equals("kubernetes");
        }
        if (!has) {
            finalizers.add("kubernetes");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode oldSpec = obj(old, "spec");
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec != null) {
            if (oldSpec != null && oldSpec.has("finalizers")) {
                spec.set("finalizers", oldSpec.get("finalizers").deepCopy());
            } else {
                spec.remove("finalizers");
            }
        }
        ObjectNode oldStatus = obj(old, "status");
        if (oldStatus != null) {
            obj.set("status", oldStatus.deepCopy());
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        for (JsonNode f : elements(obj(obj, "spec"), "finalizers")) {
            String name = f.asText();
            Path p = Path.of("spec", "finalizers");
            for (String m : Validators.isQualifiedName(name)) {
                errs.add(FieldError.invalid(p.toString(), name, m));
            }
            errs.addAll(ObjectMetaValidation.validateKubeFinalizerName(name, p));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.col("Status", "string", "The status of the namespace"), Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), str(obj(obj, "status"), "phase"), Tables.age(obj));
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("status.phase");
    }
}
