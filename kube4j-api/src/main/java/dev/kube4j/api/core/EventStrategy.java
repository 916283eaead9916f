package dev.kube4j.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * core/v1 events: legacy validation (names are only checked as path segments), the events table
 * shared with events.k8s.io/v1, and the involvedObject field selectors.
 */
public class EventStrategy extends KindStrategy {

    public EventStrategy() {
        super(true, NameValidator.PATH_SEGMENT);
    }

    /** A view of an event in core/v1 field names; events.k8s.io/v1 maps its own fields onto it. */
    public record View(String name, String namespace, String type, String reason, String message, String firstTimestamp,
                       String lastTimestamp, String eventTime, long count, JsonNode series, JsonNode involvedObject,
                       String sourceComponent, String sourceHost, String reportingController, String reportingInstance,
                       String action) {
    }

    protected View view(JsonNode e) {
        JsonNode source = obj(e, "source");
        return new View(Tables.name(e), str(obj(e, "metadata"), "namespace"), str(e, "type"), str(e, "reason"),
                str(e, "message"), str(e, "firstTimestamp"), str(e, "lastTimestamp"), str(e, "eventTime"),
                lng(e, "count", 0), obj(e, "series"), obj(e, "involvedObject"), str(source, "component"),
                str(source, "host"), str(e, "reportingComponent"), str(e, "reportingInstance"), str(e, "action"));
    }

    /** The name of the reporting-controller field in error paths. */
    protected String reportingControllerField() {
        return "reportingComponent";
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        return legacyValidate(view(obj));
    }

    protected List<FieldError> legacyValidate(View e) {
        List<FieldError> errs = new ArrayList<>();
        String involvedNs = str(e.involvedObject(), "namespace");
        if (e.eventTime().isEmpty()) {
            if (involvedNs.isEmpty()) {
                if (!e.namespace().isEmpty() && !e.namespace().equals("default")) {
                    errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
                }
            } else if (!e.namespace().equals(involvedNs)) {
                errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
        } else {
            if (involvedNs.isEmpty() && !e.namespace().equals("default") && !e.namespace().equals("kube-system")) {
                errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
            String rc = reportingControllerField();
            if (e.reportingController().isEmpty()) {
                errs.add(FieldError.required(rc, ""));
            }
            for (String m : Validators.isQualifiedName(e.reportingController())) {
                errs.add(FieldError.invalid(rc, e.reportingController(), m));
            }
            if (e.reportingInstance().isEmpty()) {
                errs.add(FieldError.required("reportingInstance", ""));
            }
            if (e.reportingInstance().length() > 128) {
                errs.add(FieldError.invalid("reportingInstance", "", "can have at most 128 characters"));
            }
            if (e.action().isEmpty()) {
                errs.add(FieldError.required("action", ""));
            }
            if (e.action().length() > 128) {
                errs.add(FieldError.invalid("action", "", "can have at most 128 characters"));
            }
            if (e.reason().isEmpty()) {
                errs.add(FieldError.required("reason", ""));
            }
            if (e.reason().length() > 128) {
                errs.add(FieldError.invalid("reason", "", "can have at most 128 characters"));
            }
            if (e.message().length() > 1024) {
                errs.add(FieldError.invalid("message", "", "can have at most 1024 characters"));
            }
        }
        for (String m : Validators.isDNS1123Subdomain(e.namespace())) {
            errs.add(FieldError.invalid("namespace", e.namespace(), m));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(
                Tables.col("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
                Tables.col("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
                Tables.col("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
                Tables.col("Object", "string", "The object that this event is about."),
                Tables.wide("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
                Tables.wide("Source", "string", "The component reporting this event. Should be a short machine understandable string."),
                Tables.col("Message", "string", "A human-readable description of the status of this operation."),
                Tables.wide("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
                Tables.wide("Count", "string", "The number of times this event has occurred."),
                new TableColumn("Name", "string", "name", TableColumn.name("").description(), 1));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        View e = view(obj);
        String first = HumanDuration.since(e.firstTimestamp());
        if (HumanDuration.parse(e.firstTimestamp()) == null) {
            first = HumanDuration.since(e.eventTime());
        }
        String last = HumanDuration.since(e.lastTimestamp());
        if (HumanDuration.parse(e.lastTimestamp()) == null) {
            last = first;
        }
        long count = e.count();
        if (e.series() != null) {
            last = HumanDuration.since(str(e.series(), "lastObservedTime"));
            count = lng(e.series(), "count", 0);
        } else if (count == 0) {
            count = 1;
        }
        String kind = str(e.involvedObject(), "kind").toLowerCase();
        String name = str(e.involvedObject(), "name");
        String target = name.isEmpty() ? kind : kind + "/" + name;
        String component = e.sourceComponent().isEmpty() ? e.reportingController() : e.sourceComponent();
        String instance = e.sourceHost().isEmpty() ? e.reportingInstance() : e.sourceHost();
        String source = instance.isEmpty() ? component : component + ", " + instance;
        return List.of(last, e.type(), e.reason(), target, str(e.involvedObject(), "fieldPath"), source,
                e.message().strip(), first, count, e.name());
    }

    private static final Set<String> FIELDS = Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type");

    @Override
    public Set<String> selectableFields() {
        return FIELDS;
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        View e = view(obj);
        if (field.startsWith("involvedObject.")) {
            return str(e.involvedObject(), field.substring("involvedObject.".length()));
        }
        return switch (field) {
            case "reason" -> e.reason();
            case "reportingComponent" -> e.reportingController();
            case "source" -> e.sourceComponent().isEmpty() ? e.reportingController() : e.sourceComponent();
            case "type" -> e.type();
            default -> super.fieldValue(obj, field);
        };
    }
}
