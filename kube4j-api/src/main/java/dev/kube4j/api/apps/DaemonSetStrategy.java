package dev.kube4j.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PodSpecValidation;
import dev.kube4j.api.core.PodSpecs;
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

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** apps/v1 daemonsets; the internal templateGeneration lives in the deprecated annotation, as upstream converts it. */
public class DaemonSetStrategy extends KindStrategy {

    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    public DaemonSetStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        ObjectNode us = objOrCreate(spec, "updateStrategy");
        if (us != null) {
            putIfEmpty(us, "type", "RollingUpdate");
            if (str(us, "type").equals("RollingUpdate")) {
                ObjectNode ru = objOrCreate(us, "rollingUpdate");
                putIfAbsent(ru, "maxUnavailable", 1L);
                putIfAbsent(ru, "maxSurge", 0L);
            }
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10L);
        PodSpecs.defaultTemplate(objOrCreate(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.put("currentNumberScheduled", 0);
        status.put("desiredNumberScheduled", 0);
        status.put("numberMisscheduled", 0);
        status.put("numberReady", 0);
        ObjectNode annotations = objOrCreate(objOrCreate(obj, "metadata"), "annotations");
        if (annotations != null) {
            annotations.put(TEMPLATE_GENERATION, "1");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        long gen = 0;
        try {
            gen = Long.parseLong(str(obj(obj(old, "metadata"), "annotations"), TEMPLATE_GENERATION));
        } catch (NumberFormatException ignored) {
            // absent or garbled: start again
        }
        JsonNode t = obj(obj(obj, "spec"), "template");
        JsonNode ot = obj(obj(old, "spec"), "template");
        if (!ObjectMetaValidation.semanticEquals(t, ot)) {
            gen++;
        }
        ObjectNode annotations = objOrCreate(objOrCreate(obj, "metadata"), "annotations");
        if (annotations != null && gen > 0) {
            annotations.put(TEMPLATE_GENERATION, String.valueOf(gen));
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        JsonNode selector = spec == null ? null : spec.get("selector");
        errs.addAll(ObjectMetaValidation.validateLabelSelector(selector, sp.child("selector"), false));
        ObjectNode template = obj(spec, "template");
        if (selector == null || selector.isNull() || Selectors.isValid(selector)) {
            boolean nothing = selector == null || !selector.isObject();
            if (nothing || !Selectors.matches(selector, Nodes.stringMap(obj(template, "metadata"), "labels"))) {
                errs.add(FieldError.invalid(sp.child("template", "metadata", "labels").toString(),
                        GoValue.stringMap(Nodes.stringMap(obj(template, "metadata"), "labels")), "`selector` does not match template `labels`"));
            }
        }
        if (selector != null && selector.isObject() && Selectors.isEmpty(selector)) {
            errs.add(FieldError.invalid(sp.child("selector").toString(), GoValue.labelSelector(selector), "empty selector is invalid for daemonset"));
        }
        errs.addAll(PodSpecValidation.validateTemplate(template, sp.child("template")));
        ObjectNode ps = obj(template, "spec");
        String rp = str(ps, "restartPolicy");
        if (!rp.equals("Always")) {
            errs.add(FieldError.notSupported(sp.child("template", "spec", "restartPolicy").toString(), rp, List.of("Always")));
        }
        if (ps != null && ps.hasNonNull("activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(sp.child("template", "spec", "activeDeadlineSeconds").toString(), "activeDeadlineSeconds in DaemonSet is not Supported"));
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "minReadySeconds"), sp.child("minReadySeconds")));
        JsonNode us = obj(spec, "updateStrategy");
        Path up = sp.child("updateStrategy");
        String type = str(us, "type");
        switch (type) {
            case "OnDelete" -> {
            }
            case "RollingUpdate" -> {
                JsonNode ru = obj(us, "rollingUpdate");
                if (ru == null) {
                    errs.add(FieldError.required(up.child("rollingUpdate").toString(), ""));
                } else {
                    Path rup = up.child("rollingUpdate");
                    errs.addAll(AppsValidation.validatePositiveIntOrPercent(ru.get("maxUnavailable"), rup.child("maxUnavailable")));
                    errs.addAll(AppsValidation.validatePositiveIntOrPercent(ru.get("maxSurge"), rup.child("maxSurge")));
                    errs.addAll(AppsValidation.notMoreThan100Percent(ru.get("maxUnavailable"), rup.child("maxUnavailable")));
                    errs.addAll(AppsValidation.notMoreThan100Percent(ru.get("maxSurge"), rup.child("maxSurge")));
                    boolean hasUnavailable = AppsValidation.intOrPercentValue(ru.get("maxUnavailable")) != 0;
                    boolean hasSurge = AppsValidation.intOrPercentValue(ru.get("maxSurge")) != 0;
                    if (hasUnavailable && hasSurge) {
                        errs.add(FieldError.invalid(rup.child("maxSurge").toString(), GoValue.intOrString(ru.get("maxSurge")), "may not be set when maxUnavailable is non-zero"));
                    } else if (!hasUnavailable && !hasSurge) {
                        errs.add(FieldError.required(rup.child("maxUnavailable").toString(), "cannot be 0 when maxSurge is 0"));
                    }
                }
            }
            default -> errs.add(FieldError.notSupported(up.toString(), new GoValue("apps.DaemonSetUpdateStrategy{Type:" + GoValue.quote(type)
                    + ", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}"), List.of("RollingUpdate", "OnDelete")));
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "revisionHistoryLimit"), sp.child("revisionHistoryLimit")));
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
        return Tables.withTemplateColumns("A label query over pods that are managed by the daemon set.",
                Tables.name(),
                Tables.col("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
                Tables.col("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
                Tables.col("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
                Tables.col("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
                Tables.col("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
                Tables.col("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        JsonNode podSpec = obj(obj(spec, "template"), "spec");
        String[] ci = Tables.containerCells(podSpec);
        return List.of(Tables.name(obj), lng(status, "desiredNumberScheduled", 0), lng(status, "currentNumberScheduled", 0),
                lng(status, "numberReady", 0), lng(status, "updatedNumberScheduled", 0), lng(status, "numberAvailable", 0),
                Selectors.formatLabels(Nodes.stringMap(podSpec, "nodeSelector")), Tables.age(obj), ci[0], ci[1],
                Selectors.formatLabelSelector(spec == null ? null : spec.get("selector")));
    }
}
