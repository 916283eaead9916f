package dev.kube4j.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PodSpecs;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** apps/v1 deployments. */
public class DeploymentStrategy extends KindStrategy {

    public DeploymentStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        putIfAbsent(spec, "replicas", 1L);
        ObjectNode strategy = objOrCreate(spec, "strategy");
        if (strategy != null) {
            putIfEmpty(strategy, "type", "RollingUpdate");
            if (str(strategy, "type").equals("RollingUpdate")) {
                ObjectNode ru = objOrCreate(strategy, "rollingUpdate");
                putIfAbsent(ru, "maxUnavailable", "25%");
                putIfAbsent(ru, "maxSurge", "25%");
            }
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10L);
        putIfAbsent(spec, "progressDeadlineSeconds", 600L);
        PodSpecs.defaultTemplate(objOrCreate(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "replicas"), sp.child("replicas")));
        errs.addAll(AppsValidation.validateSelector(spec, sp, "deployment"));
        errs.addAll(AppsValidation.validateTemplateForReplicaSet(spec, sp, "ReplicaSet"));
        JsonNode strategy = obj(spec, "strategy");
        Path stp = sp.child("strategy");
        String type = str(strategy, "type");
        switch (type) {
            case "Recreate" -> {
                if (strategy.hasNonNull("rollingUpdate")) {
                    errs.add(FieldError.forbidden(stp.child("rollingUpdate").toString(), "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                JsonNode ru = obj(strategy, "rollingUpdate");
                if (ru == null) {
                    errs.add(FieldError.required(stp.child("rollingUpdate").toString(), "this should be defaulted and never be nil"));
                } else {
                    Path rp = stp.child("rollingUpdate");
                    errs.addAll(AppsValidation.validatePositiveIntOrPercent(ru.get("maxUnavailable"), rp.child("maxUnavailable")));
                    errs.addAll(AppsValidation.validatePositiveIntOrPercent(ru.get("maxSurge"), rp.child("maxSurge")));
                    if (AppsValidation.intOrPercentValue(ru.get("maxUnavailable")) == 0 && AppsValidation.intOrPercentValue(ru.get("maxSurge")) == 0) {
                        errs.add(FieldError.invalid(rp.child("maxUnavailable").toString(), GoValue.intOrString(ru.get("maxUnavailable")),
                                "may not be 0 when `maxSurge` is 0"));
                    }
                    errs.addAll(AppsValidation.notMoreThan100Percent(ru.get("maxUnavailable"), rp.child("maxUnavailable")));
                }
            }
            default -> errs.add(FieldError.notSupported(stp.toString(), new GoValue("apps.DeploymentStrategy{Type:" + GoValue.quote(type)
                    + ", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}"), List.of("Recreate", "RollingUpdate")));
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "minReadySeconds"), sp.child("minReadySeconds")));
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "revisionHistoryLimit"), sp.child("revisionHistoryLimit")));
        Long pds = lng(spec, "progressDeadlineSeconds");
        if (pds != null) {
            errs.addAll(ObjectMetaValidation.validateNonnegative(pds, sp.child("progressDeadlineSeconds")));
            if (pds <= lng(spec, "minReadySeconds", 0)) {
                errs.add(FieldError.invalid(sp.child("progressDeadlineSeconds").toString(), pds, "must be greater than minReadySeconds"));
            }
        }
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
        return Tables.withTemplateColumns("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
                Tables.name(),
                Tables.col("Ready", "string", "Number of the pod with ready state"),
                Tables.col("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                Tables.col("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        String[] ci = Tables.containerCells(obj(obj(spec, "template"), "spec"));
        String selector = Selectors.selectorString(spec == null ? null : spec.get("selector"));
        return List.of(Tables.name(obj), lng(status, "readyReplicas", 0) + "/" + lng(spec, "replicas", 0),
                lng(status, "updatedReplicas", 0), lng(status, "availableReplicas", 0), Tables.age(obj),
                ci[0], ci[1], selector == null ? "<invalid>" : selector);
    }
}
