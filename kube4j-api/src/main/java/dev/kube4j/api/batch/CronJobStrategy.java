package dev.kube4j.api.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PodSpecs;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.apimachinery.cron.CronSyntax;
import dev.kube4j.api.util.Selectors;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.Nodes;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfEmpty;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** batch/v1 cronjobs. */
public class CronJobStrategy extends KindStrategy {

    public CronJobStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        putIfEmpty(spec, "concurrencyPolicy", "Allow");
        putIfAbsent(spec, "suspend", false);
        putIfAbsent(spec, "successfulJobsHistoryLimit", 3L);
        putIfAbsent(spec, "failedJobsHistoryLimit", 1L);
        ObjectNode jt = objOrCreate(spec, "jobTemplate");
        ObjectNode jtMeta = objOrCreate(jt, "metadata");
        if (jtMeta != null && !jtMeta.has("creationTimestamp")) {
            jtMeta.putNull("creationTimestamp");
        }
        ObjectNode jobSpec = objOrCreate(jt, "spec");
        if (jobSpec != null) {
            PodSpecs.defaultTemplate(objOrCreate(jobSpec, "template"));
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(validateCronJobSpec(obj(obj, "spec"), null));
        String name = Tables.name(obj);
        if (name.length() > 52) {
            errs.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        return validateCronJobSpec(obj(obj, "spec"), obj(old, "spec"));
    }

    private static List<FieldError> validateCronJobSpec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        Path sp = Path.of("spec");
        String schedule = str(spec, "schedule");
        if (schedule.isEmpty()) {
            errs.add(FieldError.required(sp.child("schedule").toString(), ""));
        } else {
            boolean allowTZ = oldSpec != null && str(oldSpec, "schedule").contains("TZ");
            String err = CronSyntax.parseError(schedule);
            if (err != null) {
                errs.add(FieldError.invalid(sp.child("schedule").toString(), schedule, err));
            }
            if (allowTZ && schedule.contains("TZ") && spec.hasNonNull("timeZone")) {
                errs.add(FieldError.invalid(sp.child("schedule").toString(), schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            } else if (!allowTZ && schedule.contains("TZ")) {
                errs.add(FieldError.invalid(sp.child("schedule").toString(), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "startingDeadlineSeconds"), sp.child("startingDeadlineSeconds")));
        String tz = Nodes.strOrNull(spec, "timeZone");
        if (tz != null && (oldSpec == null || !tz.equals(Nodes.strOrNull(oldSpec, "timeZone")))) {
            String tzErr = CronSyntax.timeZoneError(tz);
            if (tzErr != null) {
                errs.add(FieldError.invalid(sp.child("timeZone").toString(), tz, tzErr));
            }
        }
        String cp = str(spec, "concurrencyPolicy");
        switch (cp) {
            case "Allow", "Forbid", "Replace" -> {
            }
            case "" -> errs.add(FieldError.required(sp.child("concurrencyPolicy").toString(), ""));
            default -> errs.add(FieldError.notSupported(sp.child("concurrencyPolicy").toString(), cp, List.of("Allow", "Forbid", "Replace")));
        }
        JsonNode jt = obj(spec, "jobTemplate");
        Path jp = sp.child("jobTemplate");
        JsonNode jobSpec = obj(jt, "spec");
        errs.addAll(JobStrategy.validateJobSpec(jobSpec, jp.child("spec"), false));
        if (jobSpec != null && jobSpec.hasNonNull("selector")) {
            errs.add(FieldError.invalid(jp.child("spec", "selector").toString(), GoValue.labelSelector(jobSpec.get("selector")), "`selector` will be auto-generated"));
        }
        if (Nodes.isTrue(jobSpec, "manualSelector")) {
            errs.add(FieldError.notSupported(jp.child("spec", "manualSelector").toString(), true, List.of("nil", "false")));
        }
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "successfulJobsHistoryLimit"), sp.child("successfulJobsHistoryLimit")));
        errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, "failedJobsHistoryLimit"), sp.child("failedJobsHistoryLimit")));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return Tables.withTemplateColumns("A label query over pods that should match the pod count.",
                Tables.name(),
                Tables.col("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
                Tables.col("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
                Tables.col("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
                Tables.col("Active", "integer", "A list of pointers to currently running jobs."),
                Tables.col("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        String last = "<none>";
        if (status != null && status.hasNonNull("lastScheduleTime")) {
            last = HumanDuration.since(str(status, "lastScheduleTime"));
        }
        String tz = spec != null && spec.hasNonNull("timeZone") ? str(spec, "timeZone") : "<none>";
        Boolean suspend = Nodes.bool(spec, "suspend");
        JsonNode jobSpec = obj(obj(spec, "jobTemplate"), "spec");
        String[] ci = Tables.containerCells(obj(obj(jobSpec, "template"), "spec"));
        return List.of(Tables.name(obj), str(spec, "schedule"), tz, suspend == null ? "<unset>" : suspend ? "True" : "False",
                (long) elements(status, "active").size(), last, Tables.age(obj), ci[0], ci[1],
                Selectors.formatLabelSelector(jobSpec == null ? null : jobSpec.get("selector")));
    }
}
