package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.Nodes;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** core/v1 replicationcontrollers. */
public class ReplicationControllerStrategy extends KindStrategy {

    public ReplicationControllerStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        ObjectNode template = obj(spec, "template");
        ObjectNode templateLabels = obj(obj(template, "metadata"), "labels");
        if (templateLabels != null) {
            JsonNode sel = spec.get("selector");
            if (sel == null || sel.isNull() || (sel.isObject() && sel.isEmpty())) {
                spec.set("selector", templateLabels.deepCopy());
            }
            ObjectNode meta = objOrCreate(obj, "metadata");
            JsonNode labels = meta == null ? null : meta.get("labels");
            if (meta != null && (labels == null || labels.isNull() || (labels.isObject() && labels.isEmpty()))) {
                meta.set("labels", templateLabels.deepCopy());
            }
        }
        Nodes.putIfAbsent(spec, "replicas", 1L);
        if (template != null) {
            PodSpecs.defaultTemplate(template);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").put("replicas", 0);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return validateRcSpec(obj(obj, "spec"), Path.of("spec"));
    }

    static List<FieldError> validateRcSpec(JsonNode spec, Path path) {
        List<FieldError> errs = new ArrayList<>();
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "minReadySeconds"), path.child("minReadySeconds")));
        Map<String, String> selector = Nodes.stringMap(spec, "selector");
        if (selector == null || selector.isEmpty()) {
            errs.add(FieldError.required(path.child("selector").toString(), ""));
        }
        Long replicas = lng(spec, "replicas");
        if (replicas == null) {
            errs.add(FieldError.required(path.child("replicas").toString(), ""));
        } else {
            errs.addAll(ObjectMetaValidation.validateNonnegative(replicas, path.child("replicas")));
        }
        ObjectNode template = obj(spec, "template");
        Path tp = path.child("template");
        if (template == null) {
            errs.add(FieldError.required(tp.toString(), ""));
            return errs;
        }
        Map<String, String> labels = Nodes.stringMap(obj(template, "metadata"), "labels");
        if (selector != null && !selector.isEmpty() && !Selectors.mapMatches(selector, labels)) {
            errs.add(FieldError.invalid(tp.child("metadata", "labels").toString(), GoValue.stringMap(labels), "`selector` does not match template `labels`"));
        }
        errs.addAll(PodSpecValidation.validateTemplate(template, tp));
        ObjectNode ps = obj(template, "spec");
        String rp = str(ps, "restartPolicy");
        if (!rp.equals("Always")) {
            errs.add(FieldError.notSupported(tp.child("spec", "restartPolicy").toString(), rp, List.of("Always")));
        }
        if (ps != null && ps.hasNonNull("activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(tp.child("spec", "activeDeadlineSeconds").toString(), "activeDeadlineSeconds in ReplicationController is not Supported"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return Tables.withTemplateColumns("Selector is a label query over pods that should match the Replicas count.",
                Tables.name(),
                Tables.col("Desired", "integer", "Replicas is the number of desired replicas."),
                Tables.col("Current", "integer", "Replicas is the most recently observed number of replicas."),
                Tables.col("Ready", "integer", "The number of ready replicas for this replication controller."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        String[] ci = Tables.containerCells(obj(obj(spec, "template"), "spec"));
        return List.of(Tables.name(obj), lng(spec, "replicas", 0), lng(status, "replicas", 0), lng(status, "readyReplicas", 0),
                Tables.age(obj), ci[0], ci[1], Selectors.formatLabels(Nodes.stringMap(spec, "selector")));
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
