package dev.kube4j.api.autoscaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * Converts HorizontalPodAutoscalers between autoscaling/v1 and the stored autoscaling/v2, as
 * upstream's v1 conversion does: the cpu utilization target is v1's
 * {@code targetCPUUtilizationPercentage}; everything v1 cannot express (other metrics, behavior,
 * current metrics, conditions) travels in {@code autoscaling.alpha.kubernetes.io/*} annotations, so a
 * v1 read-modify-write keeps it.
 */
public final class HpaVersions {

    public static final String V1 = "autoscaling/v1";
    public static final String V2 = "autoscaling/v2";
    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HpaVersions() {
    }

    /** A stored autoscaling/v2 object as autoscaling/v1 serves it. */
    public static ObjectNode toV1(ObjectNode v2) {
        ObjectNode out = header(v2, V1);
        ObjectNode annotations = out.with("metadata").with("annotations");
        JsonNode spec = obj(v2, "spec");
        ObjectNode outSpec = out.putObject("spec");
        copy(spec, "scaleTargetRef", outSpec, "scaleTargetRef");
        copy(spec, "minReplicas", outSpec, "minReplicas");
        copy(spec, "maxReplicas", outSpec, "maxReplicas");
        ArrayNode others = F.arrayNode();
        boolean cpuSeen = false;
        for (ObjectNode m : objects(spec, "metrics")) {
            JsonNode cpu = cpuUtilization(m, "target");
            if (cpu != null && !cpuSeen) {
                outSpec.set("targetCPUUtilizationPercentage", cpu);
                cpuSeen = true;
            } else {
                others.add(Metrics.specToV1(m));
            }
        }
        putJson(annotations, METRICS, others);
        if (spec != null && spec.get("behavior") instanceof ObjectNode behavior) {
            putJson(annotations, BEHAVIOR, behavior);
        }
        JsonNode status = obj(v2, "status");
        ObjectNode outStatus = out.putObject("status");
        copy(status, "observedGeneration", outStatus, "observedGeneration");
        copy(status, "lastScaleTime", outStatus, "lastScaleTime");
        outStatus.set("currentReplicas", status != null && status.has("currentReplicas") ? status.get("currentReplicas") : F.numberNode(0));
        outStatus.set("desiredReplicas", status != null && status.has("desiredReplicas") ? status.get("desiredReplicas") : F.numberNode(0));
        ArrayNode current = F.arrayNode();
        for (ObjectNode m : objects(status, "currentMetrics")) {
            JsonNode cpu = cpuUtilization(m, "current");
            if (cpu != null && !outStatus.has("currentCPUUtilizationPercentage")) {
                outStatus.set("currentCPUUtilizationPercentage", cpu);
            }
            current.add(Metrics.statusToV1(m));
        }
        putJson(annotations, CURRENT_METRICS, current);
        if (status != null && status.get("conditions") instanceof ArrayNode conditions) {
            putJson(annotations, CONDITIONS, conditions);
        }
        if (annotations.isEmpty()) {
            out.with("metadata").remove("annotations");
        }
        return out;
    }

    /** An autoscaling/v1 object as it is stored (autoscaling/v2). */
    public static ObjectNode toV2(ObjectNode v1) {
        ObjectNode out = header(v1, V2);
        ObjectNode meta = out.with("metadata");
        ObjectNode annotations = meta.get("annotations") instanceof ObjectNode a ? a : F.objectNode();
        JsonNode spec = obj(v1, "spec");
        ObjectNode outSpec = out.putObject("spec");
        copy(spec, "scaleTargetRef", outSpec, "scaleTargetRef");
        copy(spec, "minReplicas", outSpec, "minReplicas");
        copy(spec, "maxReplicas", outSpec, "maxReplicas");
        ArrayNode metrics = outSpec.putArray("metrics");
        for (JsonNode m : annotationArray(annotations, METRICS)) {
            metrics.add(Metrics.specToV2(m));
        }
        JsonNode cpu = spec == null ? null : spec.get("targetCPUUtilizationPercentage");
        if (cpu != null && cpu.isNumber()) {
            metrics.add(HorizontalPodAutoscalerStrategy.cpuUtilization(out, cpu.asLong()));
        }
        if (metrics.isEmpty()) {
            // v1 had an implicit cpu default in the controller; v2 spells it out.
            metrics.add(HorizontalPodAutoscalerStrategy.cpuUtilization(out, HorizontalPodAutoscalerStrategy.DEFAULT_CPU_UTILIZATION));
        }
        JsonNode behavior = annotationJson(annotations, BEHAVIOR);
        if (behavior instanceof ObjectNode) {
            outSpec.set("behavior", behavior);
        }
        JsonNode status = obj(v1, "status");
        if (status != null) {
            ObjectNode outStatus = out.putObject("status");
            copy(status, "observedGeneration", outStatus, "observedGeneration");
            copy(status, "lastScaleTime", outStatus, "lastScaleTime");
            copy(status, "currentReplicas", outStatus, "currentReplicas");
            outStatus.set("desiredReplicas", status.has("desiredReplicas") ? status.get("desiredReplicas") : F.numberNode(0));
            ArrayNode current = F.arrayNode();
            if (annotations.has(CURRENT_METRICS)) {
                annotationArray(annotations, CURRENT_METRICS).forEach(m -> current.add(Metrics.statusToV2(m)));
            } else if (status.get("currentCPUUtilizationPercentage") instanceof JsonNode c && c.isNumber()) {
                ObjectNode m = current.addObject().put("type", "Resource");
                m.putObject("resource").put("name", "cpu").putObject("current").put("averageUtilization", c.asLong());
            }
            if (!current.isEmpty()) {
                outStatus.set("currentMetrics", current);
            }
            if (annotationJson(annotations, CONDITIONS) instanceof ArrayNode conditions) {
                outStatus.set("conditions", conditions);
            }
        }
        for (String a : new String[]{METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR}) {
            annotations.remove(a);
        }
        if (annotations.isEmpty()) {
            meta.remove("annotations");
        }
        return out;
    }

    /** apiVersion, kind and a copy of the metadata, leading as in every upstream object. */
    private static ObjectNode header(ObjectNode in, String apiVersion) {
        ObjectNode out = F.objectNode();
        out.put("apiVersion", apiVersion);
        out.put("kind", "HorizontalPodAutoscaler");
        out.set("metadata", in.get("metadata") instanceof ObjectNode m ? m.deepCopy() : F.objectNode());
        for (Map.Entry<String, JsonNode> e : in.properties()) {
            if (!Map.of("apiVersion", 1, "kind", 1, "metadata", 1, "spec", 1, "status", 1).containsKey(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    /** The utilization of a cpu Resource metric (spec target or status current), or null. */
    private static JsonNode cpuUtilization(JsonNode metric, String valueField) {
        JsonNode r = obj(metric, "resource");
        if (!str(metric, "type").equals("Resource") || !str(r, "name").equals("cpu")) {
            return null;
        }
        JsonNode u = obj(r, valueField) == null ? null : obj(r, valueField).get("averageUtilization");
        return u != null && u.isNumber() ? u : null;
    }

    private static void copy(JsonNode from, String fromField, ObjectNode to, String toField) {
        if (from != null && from.hasNonNull(fromField)) {
            to.set(toField, from.get(fromField).deepCopy());
        }
    }

    private static void putJson(ObjectNode annotations, String key, JsonNode value) {
        if (value.isEmpty()) {
            return;
        }
        try {
            annotations.put(key, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode annotationJson(ObjectNode annotations, String key) {
        JsonNode v = annotations.get(key);
        if (v == null || !v.isTextual()) {
            return null;
        }
        try {
            return JSON.readTree(v.asText());
        } catch (JsonProcessingException e) {
            return null; // upstream fails the conversion; an unreadable annotation is dropped here
        }
    }

    private static Iterable<JsonNode> annotationArray(ObjectNode annotations, String key) {
        return annotationJson(annotations, key) instanceof ArrayNode a ? a : F.arrayNode();
    }
}
