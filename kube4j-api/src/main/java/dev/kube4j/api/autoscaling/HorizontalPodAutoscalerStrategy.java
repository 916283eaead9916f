package dev.kube4j.api.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * autoscaling/v2 horizontal pod autoscalers, the stored version (autoscaling/v1 converts to it):
 * defaults, validation and the printer of upstream's internal version.
 */
public class HorizontalPodAutoscalerStrategy extends KindStrategy {

    static final int DEFAULT_CPU_UTILIZATION = 80;
    private static final List<String> METRIC_TYPES = List.of("ContainerResource", "External", "Object", "Pods", "Resource");
    private static final List<String> TARGET_TYPES = List.of("AverageValue", "Utilization", "Value");

    public HorizontalPodAutoscalerStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    /** SetDefaults_HorizontalPodAutoscaler (v2): one replica at least, cpu at 80 % without metrics, full behavior rules. */
    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        if (!spec.hasNonNull("minReplicas")) {
            spec.put("minReplicas", 1);
        }
        if (!(spec.get("metrics") instanceof ArrayNode m) || m.isEmpty()) {
            spec.putArray("metrics").add(cpuUtilization(spec, DEFAULT_CPU_UTILIZATION));
        }
        if (spec.get("behavior") instanceof ObjectNode behavior) {
            defaultRules(behavior, "scaleUp", 0, new long[][]{{4, 15}, {100, 15}}, new String[]{"Pods", "Percent"});
            defaultRules(behavior, "scaleDown", 300, new long[][]{{100, 15}}, new String[]{"Percent"});
        }
    }

    static ObjectNode cpuUtilization(ObjectNode factory, long percent) {
        ObjectNode m = factory.objectNode();
        m.put("type", "Resource");
        ObjectNode r = m.putObject("resource");
        r.put("name", "cpu");
        r.putObject("target").put("type", "Utilization").put("averageUtilization", percent);
        return m;
    }

    private static void defaultRules(ObjectNode behavior, String field, long window, long[][] policies, String[] types) {
        ObjectNode rules = behavior.get(field) instanceof ObjectNode o ? o : behavior.putObject(field);
        if (!rules.hasNonNull("stabilizationWindowSeconds")) {
            rules.put("stabilizationWindowSeconds", window);
        }
        if (!rules.hasNonNull("selectPolicy")) {
            rules.put("selectPolicy", "Max");
        }
        if (!rules.hasNonNull("policies")) {
            ArrayNode p = rules.putArray("policies");
            for (int i = 0; i < policies.length; i++) {
                p.addObject().put("type", types[i]).put("value", policies[i][0]).put("periodSeconds", policies[i][1]);
            }
        }
    }

    /** Status starts empty; v2 always serializes desiredReplicas. */
    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").put("desiredReplicas", 0);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        Long min = lng(spec, "minReplicas");
        if (min != null && min < 1) {
            errs.add(FieldError.invalid(sp.child("minReplicas").toString(), min, "must be greater than or equal to 1"));
        }
        long max = lng(spec, "maxReplicas", 0);
        if (max < 1) {
            errs.add(FieldError.invalid(sp.child("maxReplicas").toString(), max, "must be greater than 0"));
        }
        if (min != null && max < min) {
            errs.add(FieldError.invalid(sp.child("maxReplicas").toString(), max, "must be greater than or equal to `minReplicas`"));
        }
        errs.addAll(validateReference(obj(spec, "scaleTargetRef"), sp.child("scaleTargetRef")));
        List<ObjectNode> metrics = objects(spec, "metrics");
        for (int i = 0; i < metrics.size(); i++) {
            errs.addAll(validateMetric(metrics.get(i), sp.child("metrics").index(i)));
        }
        return errs;
    }

    static List<FieldError> validateReference(JsonNode ref, Path path) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : List.of("kind", "name")) {
            String v = str(ref, f);
            if (v.isEmpty()) {
                errs.add(FieldError.required(path.child(f).toString(), ""));
            } else {
                for (String m : Validators.isValidPathSegmentName(v)) {
                    errs.add(FieldError.invalid(path.child(f).toString(), v, m));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> validateMetric(JsonNode metric, Path path) {
        List<FieldError> errs = new ArrayList<>();
        String type = str(metric, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required(path.child("type").toString(), "must specify a metric source type"));
        }
        if (!METRIC_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(path.child("type").toString(), type, METRIC_TYPES));
            return errs;
        }
        String field = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        JsonNode source = obj(metric, field);
        if (source == null) {
            errs.add(FieldError.required(path.child(field).toString(), "must populate information for the given metric source"));
            return errs;
        }
        for (String other : List.of("containerResource", "external", "object", "pods", "resource")) {
            if (!other.equals(field) && metric.hasNonNull(other)) {
                errs.add(FieldError.forbidden(path.child(other).toString(), "must populate the given metric source only"));
            }
        }
        Path sp = path.child(field);
        if ((field.equals("resource") || field.equals("containerResource")) && str(source, "name").isEmpty()) {
            errs.add(FieldError.required(sp.child("name").toString(), "must specify a resource name"));
        }
        if (field.equals("containerResource") && str(source, "container").isEmpty()) {
            errs.add(FieldError.required(sp.child("container").toString(), "must specify a container"));
        }
        if (!field.startsWith("resource") && !field.equals("containerResource") && str(obj(source, "metric"), "name").isEmpty()) {
            errs.add(FieldError.required(sp.child("metric", "name").toString(), "must specify a metric name"));
        }
        if (field.equals("object")) {
            errs.addAll(validateReference(obj(source, "describedObject"), sp.child("describedObject")));
        }
        errs.addAll(validateTarget(obj(source, "target"), sp.child("target")));
        return errs;
    }

    private static List<FieldError> validateTarget(JsonNode target, Path path) {
        List<FieldError> errs = new ArrayList<>();
        String type = str(target, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required(path.child("type").toString(), "must specify a metric target type"));
        } else if (!TARGET_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(path.child("type").toString(), type, TARGET_TYPES));
        }
        Long utilization = lng(target, "averageUtilization");
        if (utilization != null && utilization < 1) {
            errs.add(FieldError.invalid(path.child("averageUtilization").toString(), utilization, "must be greater than 0"));
        }
        for (String f : List.of("value", "averageValue")) {
            Quantity q = target == null ? null : Quantity.fromJson(target.get(f));
            if (q != null && q.signum() <= 0) {
                errs.add(FieldError.invalid(path.child(f).toString(), q.toString(), "must be positive"));
            }
        }
        switch (type) {
            case "Utilization" -> {
                if (utilization == null) {
                    errs.add(FieldError.required(path.child("averageUtilization").toString(),
                            "must set either a target raw value or a target utilization"));
                }
            }
            case "Value" -> {
                if (target == null || !target.hasNonNull("value")) {
                    errs.add(FieldError.required(path.child("value").toString(), "must set either a target value or averageValue"));
                }
            }
            case "AverageValue" -> {
                if (target == null || !target.hasNonNull("averageValue")) {
                    errs.add(FieldError.required(path.child("averageValue").toString(), "must set either a target value or averageValue"));
                }
            }
            default -> {
            }
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        JsonNode status = obj(obj, "status");
        for (String f : List.of("currentReplicas", "desiredReplicas")) {
            Long v = lng(status, f);
            if (v != null && v < 0) {
                errs.add(FieldError.invalid("status." + f, v, "must be greater than or equal to 0"));
            }
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Reference", "string", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
                Tables.col("Targets", "string", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
                Tables.col("MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
                Tables.col("MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
                Tables.col("Replicas", "string", "currentReplicas is current number of replicas of pods managed by this autoscaler."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode ref = obj(spec, "scaleTargetRef");
        Long min = lng(spec, "minReplicas");
        return List.of(Tables.name(obj), str(ref, "kind") + "/" + str(ref, "name"),
                HpaTargets.format(objects(spec, "metrics"), objects(obj(obj, "status"), "currentMetrics")),
                min == null ? "<unset>" : Long.toString(min), lng(spec, "maxReplicas", 0),
                lng(obj(obj, "status"), "currentReplicas", 0), Tables.age(obj));
    }
}
