package dev.kube4j.api.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;

import java.util.List;

/**
 * autoscaling/v1 horizontal pod autoscalers, served from the stored v2 objects. Like upstream, v1
 * applies its own defaults, then validates and prints the object in the internal (v2-shaped)
 * form, so field paths in errors are v2's (spec.metrics[0].resource.target.averageUtilization).
 */
public class HorizontalPodAutoscalerV1Strategy implements ResourceStrategy {

    private final HorizontalPodAutoscalerStrategy v2 = new HorizontalPodAutoscalerStrategy();

    /** SetDefaults_HorizontalPodAutoscaler (v1): minReplicas 1. */
    @Override
    public void applyDefaults(ObjectNode obj) {
        if (obj.get("spec") instanceof ObjectNode spec && !spec.hasNonNull("minReplicas")) {
            spec.put("minReplicas", 1);
        }
    }

    /** v1 always serializes currentReplicas and desiredReplicas. */
    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status").put("currentReplicas", 0).put("desiredReplicas", 0);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return v2.validate(asV2(obj));
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return v2.validateUpdate(asV2(obj), asV2(old));
    }

    @Override
    public ObjectNode convert(ObjectNode obj, String apiVersion) {
        return apiVersion.equals(HpaVersions.V2) ? HpaVersions.toV2(obj) : HpaVersions.toV1(obj);
    }

    private static ObjectNode asV2(ObjectNode obj) {
        return obj.path("apiVersion").asText().equals(HpaVersions.V2) ? obj : HpaVersions.toV2(obj);
    }

    @Override
    public List<TableColumn> columns() {
        return v2.columns();
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return v2.cells(asV2(obj));
    }
}
