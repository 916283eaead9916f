package dev.kube4j.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PersistentVolumeClaimStrategy;
import dev.kube4j.api.core.PodSpecValidation;
import dev.kube4j.api.core.PodSpecs;
import dev.kube4j.api.util.KindStrategy;
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
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** apps/v1 statefulsets. */
public class StatefulSetStrategy extends KindStrategy {

    public StatefulSetStrategy() {
        super(true, NameValidator.DNS_LABEL);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        putIfEmpty(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode us = objOrCreate(spec, "updateStrategy");
        if (us != null) {
            if (str(us, "type").isEmpty()) {
                us.put("type", "RollingUpdate");
                objOrCreate(us, "rollingUpdate");
            }
            ObjectNode ru = obj(us, "rollingUpdate");
            if (str(us, "type").equals("RollingUpdate") && ru != null) {
                putIfAbsent(ru, "partition", 0L);
            }
        }
        ObjectNode retention = objOrCreate(spec, "persistentVolumeClaimRetentionPolicy");
        putIfEmpty(retention, "whenDeleted", "Retain");
        putIfEmpty(retention, "whenScaled", "Retain");
        putIfAbsent(spec, "replicas", 1L);
        putIfAbsent(spec, "revisionHistoryLimit", 10L);
        PodSpecs.defaultTemplate(objOrCreate(spec, "template"));
        for (ObjectNode pvc : objects(spec, "volumeClaimTemplates")) {
            PodSpecs.defaultPvcSpec(objOrCreate(pvc, "spec"));
            putIfEmpty(objOrCreate(pvc, "status"), "phase", "Pending");
            ObjectNode meta = objOrCreate(pvc, "metadata");
            if (meta != null && !meta.has("creationTimestamp")) {
                meta.putNull("creationTimestamp");
            }
            if (!pvc.has("apiVersion")) {
                pvc.put("apiVersion", "v1");
            }
            if (!pvc.has("kind")) {
                pvc.put("kind", "PersistentVolumeClaim");
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.put("availableReplicas", 0);
        status.put("replicas", 0);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        String pmp = str(spec, "podManagementPolicy");
        switch (pmp) {
            case "" -> errs.add(FieldError.required(sp.child("podManagementPolicy").toString(), ""));
            case "OrderedReady", "Parallel" -> {
            }
            default -> errs.add(FieldError.invalid(sp.child("podManagementPolicy").toString(), pmp, "must be 'OrderedReady' or 'Parallel'"));
        }
        JsonNode us = obj(spec, "updateStrategy");
        String ust = str(us, "type");
        switch (ust) {
            case "" -> errs.add(FieldError.required(sp.child("updateStrategy").toString(), ""));
            case "OnDelete" -> {
                if (us.hasNonNull("rollingUpdate")) {
                    errs.add(FieldError.invalid(sp.child("updateStrategy", "rollingUpdate").toString(),
                            GoValue.struct("apps.RollingUpdateStatefulSetStrategy", us.get("rollingUpdate")), "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                JsonNode ru = obj(us, "rollingUpdate");
                if (ru != null) {
                    Path rp = sp.child("updateStrategy", "rollingUpdate");
                    errs.addAll(ObjectMetaValidation.validateNonnegative(lng(ru, "partition"), rp.child("partition")));
                    JsonNode mu = ru.get("maxUnavailable");
                    if (mu != null && !mu.isNull()) {
                        errs.addAll(AppsValidation.validatePositiveIntOrPercent(mu, rp.child("maxUnavailable")));
                        if (AppsValidation.intOrPercentValue(mu) == 0) {
                            errs.add(FieldError.invalid(rp.child("maxUnavailable").toString(), GoValue.intOrString(mu), "cannot be 0"));
                        }
                        errs.addAll(AppsValidation.notMoreThan100Percent(mu, rp.child("maxUnavailable")));
                    }
                }
            }
            default -> errs.add(FieldError.invalid(sp.child("updateStrategy").toString(), GoValue.struct("apps.StatefulSetUpdateStrategy", us),
                    "must be 'RollingUpdate' or 'OnDelete'"));
        }
        JsonNode retention = obj(spec, "persistentVolumeClaimRetentionPolicy");
        if (retention != null) {
            for (String f : List.of("whenDeleted", "whenScaled")) {
                String v = str(retention, f);
                if (!v.equals("Retain") && !v.equals("Delete")) {
                    errs.add(FieldError.notSupported(sp.child("persistentVolumeClaimRetentionPolicy", f).toString(), v, List.of("Retain", "Delete")));
                }
            }
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "replicas"), sp.child("replicas")));
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "minReadySeconds"), sp.child("minReadySeconds")));
        JsonNode ordinals = obj(spec, "ordinals");
        if (ordinals != null) {
            errs.addAll(ObjectMetaValidation.validateNonnegative(lng(ordinals, "start"), sp.child("ordinals.start")));
        }
        JsonNode selector = spec == null ? null : spec.get("selector");
        if (selector == null || selector.isNull()) {
            errs.add(FieldError.required(sp.child("selector").toString(), ""));
        } else {
            errs.addAll(ObjectMetaValidation.validateLabelSelector(selector, sp.child("selector"), false));
            if (selector.isObject() && dev.kube4j.api.util.Selectors.isEmpty(selector)) {
                errs.add(FieldError.invalid(sp.child("selector").toString(), GoValue.labelSelector(selector), "empty selector is invalid for statefulset"));
            }
        }
        ObjectNode template = obj(spec, "template");
        Path tp = sp.child("template");
        if (selector != null && !selector.isNull() && !dev.kube4j.api.util.Selectors.isValid(selector)) {
            errs.add(FieldError.invalid(sp.child("selector").toString(), GoValue.labelSelector(selector), ""));
        } else if (template == null) {
            errs.add(FieldError.required(tp.toString(), ""));
        } else {
            AppsValidation.matchTemplateLabels(selector, template, tp, errs);
            errs.addAll(PodSpecValidation.validateTemplate(withClaimVolumes(template, spec), tp));
        }
        ObjectNode ps = obj(template, "spec");
        String rp = str(ps, "restartPolicy");
        if (!rp.equals("Always")) {
            errs.add(FieldError.notSupported(tp.child("spec", "restartPolicy").toString(), rp, List.of("Always")));
        }
        if (ps != null && ps.hasNonNull("activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(tp.child("spec", "activeDeadlineSeconds").toString(), "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
        List<ObjectNode> vcts = objects(spec, "volumeClaimTemplates");
        for (int i = 0; i < vcts.size(); i++) {
            errs.addAll(PersistentVolumeClaimStrategy.validateClaimSpec(obj(vcts.get(i), "spec"),
                    sp.child("volumeClaimTemplates").index(i).child("spec")));
        }
        return errs;
    }

    /** The template as its pods will see it: claim templates become volumes of the same name. */
    private static ObjectNode withClaimVolumes(ObjectNode template, JsonNode spec) {
        ObjectNode copy = template.deepCopy();
        ObjectNode ps = obj(copy, "spec");
        List<ObjectNode> vcts = objects(spec, "volumeClaimTemplates");
        if (ps == null || vcts.isEmpty() || (ps.has("volumes") && !ps.get("volumes").isArray() && !ps.get("volumes").isNull())) {
            return copy;
        }
        com.fasterxml.jackson.databind.node.ArrayNode volumes = ps.get("volumes") instanceof com.fasterxml.jackson.databind.node.ArrayNode a
                ? a : ps.putArray("volumes");
        for (ObjectNode vct : vcts) {
            String name = str(obj(vct, "metadata"), "name");
            boolean exists = false;
            for (ObjectNode v : objects(ps, "volumes")) {
                exists |= str(v, "name").equals(name);
            }
            if (!exists && !name.isEmpty()) {
                ObjectNode v = volumes.addObject();
                v.put("name", name);
                v.putObject("persistentVolumeClaim").put("claimName", name);
            }
        }
        return copy;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        ObjectNode n = obj(obj, "spec") == null ? obj.objectNode() : obj(obj, "spec").deepCopy();
        ObjectNode o = obj(old, "spec") == null ? obj.objectNode() : obj(old, "spec").deepCopy();
        for (String f : List.of("replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy")) {
            n.remove(f);
            o.remove(f);
        }
        if (!ObjectMetaValidation.semanticEquals(n, o)) {
            errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return Tables.withTemplateColumns(null,
                Tables.name(),
                Tables.col("Ready", "string", "Number of the pod with ready state"),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        String[] ci = Tables.containerCells(obj(obj(spec, "template"), "spec"));
        return List.of(Tables.name(obj), lng(obj(obj, "status"), "readyReplicas", 0) + "/" + lng(spec, "replicas", 0),
                Tables.age(obj), ci[0], ci[1]);
    }
}
