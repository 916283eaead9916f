package dev.kube4j.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.EventStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * events.k8s.io/v1 events: the strict validation of the new API (upstream converts to the core type
 * and validates with the events/v1 rules), and the same table as core events.
 */
public class EventsV1Strategy extends EventStrategy {

    @Override
    protected View view(JsonNode e) {
        JsonNode source = obj(e, "deprecatedSource");
        return new View(Tables.name(e), str(obj(e, "metadata"), "namespace"), str(e, "type"), str(e, "reason"),
                str(e, "note"), str(e, "deprecatedFirstTimestamp"), str(e, "deprecatedLastTimestamp"), str(e, "eventTime"),
                lng(e, "deprecatedCount", 0), obj(e, "series"), obj(e, "regarding"), str(source, "component"),
                str(source, "host"), str(e, "reportingController"), str(e, "reportingInstance"), str(e, "action"));
    }

    @Override
    protected String reportingControllerField() {
        return "reportingController";
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        View e = view(obj);
        List<FieldError> errs = new ArrayList<>(legacyValidate(e));
        errs.addAll(ObjectMetaValidation.validateObjectMeta(obj, true, NameValidator.DNS_SUBDOMAIN));
        JsonNode series = e.series();
        if (series != null) {
            if (lng(series, "count", 0) < 2) {
                errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
            }
            if (str(series, "lastObservedTime").isEmpty()) {
                errs.add(FieldError.required("series.lastObservedTime", ""));
            }
        }
        if (e.eventTime().isEmpty()) {
            errs.add(FieldError.required("eventTime", ""));
        }
        if (!e.type().equals("Normal") && !e.type().equals("Warning")) {
            errs.add(FieldError.invalid("type", "", "has invalid value: " + e.type()));
        }
        if (!e.firstTimestamp().isEmpty()) {
            errs.add(FieldError.invalid("firstTimestamp", "", "needs to be unset"));
        }
        if (!e.lastTimestamp().isEmpty()) {
            errs.add(FieldError.invalid("lastTimestamp", "", "needs to be unset"));
        }
        if (e.count() != 0) {
            errs.add(FieldError.invalid("count", "", "needs to be unset"));
        }
        if (!e.sourceComponent().isEmpty() || !e.sourceHost().isEmpty()) {
            errs.add(FieldError.invalid("source", "", "needs to be unset"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateObjectMetaUpdate(obj, old));
        errs.addAll(legacyValidate(view(obj)));
        String[][] fields = {{"regarding", "involvedObject"}, {"reason", "reason"}, {"note", "message"},
                {"deprecatedSource", "source"}, {"deprecatedFirstTimestamp", "firstTimestamp"},
                {"deprecatedLastTimestamp", "lastTimestamp"}, {"deprecatedCount", "count"}, {"action", "action"},
                {"related", "related"}, {"reportingController", "reportingController"},
                {"reportingInstance", "reportingInstance"}, {"type", "type"}};
        for (String[] f : fields) {
            JsonNode n = obj.get(f[0]);
            errs.addAll(ObjectMetaValidation.validateImmutable(n, old.get(f[0]), Path.of(f[1]),
                    n == null || n.isNull() ? "" : n.isTextual() ? n.asText() : n.toString()));
        }
        return errs;
    }

    private static final Set<String> FIELDS = Set.of("regarding.kind", "regarding.namespace", "regarding.name",
            "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath", "reason",
            "reportingController", "type");

    @Override
    public Set<String> selectableFields() {
        return FIELDS;
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        if (field.startsWith("regarding.")) {
            return str(obj(obj, "regarding"), field.substring("regarding.".length()));
        }
        if (field.equals("reportingController")) {
            return str(obj, "reportingController");
        }
        return super.fieldValue(obj, field);
    }
}
