package dev.kube4j.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PodSpecs;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;

/** apps/v1 replicasets. */
public class ReplicaSetStrategy extends KindStrategy {

    public ReplicaSetStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        putIfAbsent(spec, "replicas", 1L);
        PodSpecs.defaultTemplate(objOrCreate(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").put("replicas", 0);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "replicas"), sp.child("replicas")));
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "minReadySeconds"), sp.child("minReadySeconds")));
        errs.addAll(AppsValidation.validateSelector(spec, sp, "deployment"));
        errs.addAll(AppsValidation.validateTemplateForReplicaSet(spec, sp, "ReplicaSet"));
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        errs.addAll(AppsValidation.selectorImmutable(obj(obj, "spec"), obj(old, "spec")));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return Tables.withTemplateColumns("Selector is a label query over pods that should match the replica count.",
                Tables.name(),
                Tables.col("Desired", "integer", "Replicas is the number of desired pods."),
                Tables.col("Current", "integer", "Replicas is the most recently observed number of non-terminating pods."),
                Tables.col("Ready", "integer", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        String[] ci = Tables.containerCells(obj(obj(spec, "template"), "spec"));
        return List.of(Tables.name(obj), lng(spec, "replicas", 0), lng(status, "replicas", 0), lng(status, "readyReplicas", 0),
                Tables.age(obj), ci[0], ci[1], Selectors.formatLabelSelector(spec == null ? null : spec.get("selector")));
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("status.replicas");
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        if (field.equals("status.replicas")) {
            return String.valueOf(lng(obj(obj, "status"), "replicas", 0));
        }
        return super.fieldValue(obj, field);
    }
}
