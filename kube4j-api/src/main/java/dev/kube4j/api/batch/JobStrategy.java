package dev.kube4j.api.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.core.PodSpecValidation;
import dev.kube4j.api.core.PodSpecs;
import dev.kube4j.api.util.KindStrategy;
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
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objOrCreate;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.putIfAbsent;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/**
 * batch/v1 jobs: defaults, selector generation from the job's uid (upstream generates it after the
 * uid is assigned; when the server has not assigned one yet, this strategy does), validation.
 */
public class JobStrategy extends KindStrategy {

    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_JOB_NAME = "job-name";
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";

    public JobStrategy() {
        super(true, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = objOrCreate(obj, "spec");
        if (spec == null) {
            return;
        }
        defaultJobSpec(spec);
        copyTemplateLabels(obj);
    }

    static void defaultJobSpec(ObjectNode spec) {
        if (!spec.hasNonNull("completions") && !spec.hasNonNull("parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        putIfAbsent(spec, "parallelism", 1L);
        if (!spec.hasNonNull("backoffLimit")) {
            spec.put("backoffLimit", spec.hasNonNull("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        }
        putIfAbsent(spec, "completionMode", "NonIndexed");
        putIfAbsent(spec, "suspend", false);
        ObjectNode pfp = obj(spec, "podFailurePolicy");
        for (ObjectNode rule : objects(pfp, "rules")) {
            for (ObjectNode pattern : objects(rule, "onPodConditions")) {
                Nodes.putIfEmpty(pattern, "status", "True");
            }
        }
        putIfAbsent(spec, "podReplacementPolicy", pfp != null ? "Failed" : "TerminatingOrFailed");
        putIfAbsent(spec, "manualSelector", false);
        PodSpecs.defaultTemplate(objOrCreate(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status");
        ObjectNode meta = objOrCreate(obj, "metadata");
        if (meta != null && str(meta, "uid").isEmpty()) {
            meta.put("uid", UUID.randomUUID().toString());
        }
        generateSelectorIfNeeded(obj);
        // Upstream re-applies SetDefaults_Job whenever the object is read back, so a job created
        // without labels shows the generated template labels in metadata.labels.
        copyTemplateLabels(obj);
    }

    private static void copyTemplateLabels(ObjectNode obj) {
        ObjectNode templateLabels = obj(obj(obj(obj(obj, "spec"), "template"), "metadata"), "labels");
        ObjectNode meta = objOrCreate(obj, "metadata");
        JsonNode labels = meta == null ? null : meta.get("labels");
        if (templateLabels != null && meta != null && (labels == null || labels.isNull() || (labels.isObject() && labels.isEmpty()))) {
            meta.set("labels", templateLabels.deepCopy());
        }
    }

    static void generateSelectorIfNeeded(ObjectNode job) {
        ObjectNode spec = obj(job, "spec");
        if (spec == null || Nodes.isTrue(spec, "manualSelector")) {
            return;
        }
        String uid = str(obj(job, "metadata"), "uid");
        String name = str(obj(job, "metadata"), "name");
        if (uid.isEmpty()) {
            return;
        }
        ObjectNode template = objOrCreate(spec, "template");
        ObjectNode tmeta = objOrCreate(template, "metadata");
        ObjectNode labels = objOrCreate(tmeta, "labels");
        if (labels == null) {
            return;
        }
        for (String l : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
            if (!labels.has(l)) {
                labels.put(l, name);
            }
        }
        for (String l : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
            if (!labels.has(l)) {
                labels.put(l, uid);
            }
        }
        ObjectNode selector = objOrCreate(spec, "selector");
        ObjectNode ml = objOrCreate(selector, "matchLabels");
        if (ml != null && !ml.has(CONTROLLER_UID)) {
            ml.put(CONTROLLER_UID, uid);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        generateSelectorIfNeeded(obj);
        return super.validate(obj);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        errs.addAll(validateGeneratedSelector(obj));
        errs.addAll(validateJobSpec(spec, Path.of("spec"), true));
        JsonNode completions = spec == null ? null : spec.get("completions");
        if (str(spec, "completionMode").equals("Indexed") && completions != null && completions.isNumber() && completions.asLong() > 0) {
            String host = Tables.name(obj) + "-" + (completions.asLong() - 1);
            if (!Validators.isDNS1123Label(host).isEmpty()) {
                errs.add(FieldError.invalid("metadata.name", Tables.name(obj), "will not able to create pod with invalid DNS label: " + host));
            }
        }
        return errs;
    }

    private static List<FieldError> validateGeneratedSelector(JsonNode job) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(job, "spec");
        if (Nodes.isTrue(spec, "manualSelector") || spec == null || !spec.hasNonNull("selector")) {
            return errs;
        }
        JsonNode meta = obj(job, "metadata");
        String uid = str(meta, "uid");
        String name = str(meta, "name");
        if (uid.isEmpty()) {
            errs.add(FieldError.required("metadata.uid", ""));
        }
        JsonNode tmeta = obj(obj(spec, "template"), "metadata");
        Map<String, String> labels = Nodes.stringMap(tmeta, "labels");
        Path tp = Path.of("spec", "template", "metadata");
        hasLabel(labels, LEGACY_CONTROLLER_UID, uid, tp, errs);
        hasLabel(labels, LEGACY_JOB_NAME, name, tp, errs);
        hasLabel(labels, CONTROLLER_UID, uid, tp, errs);
        hasLabel(labels, JOB_NAME, name, tp, errs);
        Map<String, String> expected = Map.of(CONTROLLER_UID, uid, JOB_NAME, name, LEGACY_CONTROLLER_UID, uid, LEGACY_JOB_NAME, name);
        JsonNode selector = spec.get("selector");
        if (Selectors.isValid(selector) && !Selectors.matches(selector, expected)) {
            errs.add(FieldError.invalid("spec.selector", GoValue.labelSelector(selector), "`selector` not auto-generated"));
        }
        return errs;
    }

    private static void hasLabel(Map<String, String> labels, String key, String expected, Path path, List<FieldError> errs) {
        String actual = labels == null ? null : labels.get(key);
        if (actual == null) {
            errs.add(FieldError.required(path.child("labels").key(key).toString(), "must be '" + expected + "'"));
        } else if (!actual.equals(expected)) {
            errs.add(FieldError.invalid(path.child("labels").key(key).toString(), GoValue.stringMap(labels), "must be '" + expected + "'"));
        }
    }

    /** ValidateJobSpec; {@code requireSelector} is false for cron job templates. */
    static List<FieldError> validateJobSpec(JsonNode spec, Path path, boolean requireSelector) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished",
                "backoffLimitPerIndex", "maxFailedIndexes")) {
            errs.addAll(ObjectMetaValidation.validateNonnegative(lng(spec, f), path.child(f)));
        }
        if (spec != null && spec.hasNonNull("maxFailedIndexes") && !spec.hasNonNull("backoffLimitPerIndex")) {
            errs.add(FieldError.required(path.child("backoffLimitPerIndex").toString(), "when maxFailedIndexes is specified"));
        }
        String managedBy = Nodes.strOrNull(spec, "managedBy");
        if (managedBy != null) {
            String[] seg = managedBy.split("/", 2);
            if (seg.length != 2 || seg[0].isEmpty() || seg[1].isEmpty()) {
                errs.add(FieldError.invalid(path.child("managedBy").toString(), managedBy, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
            } else {
                for (String m : Validators.isDNS1123Subdomain(seg[0])) {
                    errs.add(FieldError.invalid(path.child("managedBy").toString(), seg[0], m));
                }
            }
            if (managedBy.length() > 63) {
                errs.add(ObjectMetaValidation.tooLong(path.child("managedBy"), 63));
            }
        }
        String mode = str(spec, "completionMode");
        boolean indexed = mode.equals("Indexed");
        if (spec != null && spec.hasNonNull("completionMode")) {
            if (!mode.equals("NonIndexed") && !indexed) {
                errs.add(FieldError.notSupported(path.child("completionMode").toString(), mode, List.of("NonIndexed", "Indexed")));
            }
            if (indexed) {
                if (!spec.hasNonNull("completions")) {
                    errs.add(FieldError.required(path.child("completions").toString(), "when completion mode is Indexed"));
                }
                Long p = lng(spec, "parallelism");
                if (p != null && p > 100000) {
                    errs.add(FieldError.invalid(path.child("parallelism").toString(), p, "must be less than or equal to 100000 when completion mode is Indexed"));
                }
            }
        }
        if (!indexed) {
            Long blpi = lng(spec, "backoffLimitPerIndex");
            if (blpi != null) {
                errs.add(FieldError.invalid(path.child("backoffLimitPerIndex").toString(), blpi, "requires indexed completion mode"));
            }
            Long mfi = lng(spec, "maxFailedIndexes");
            if (mfi != null) {
                errs.add(FieldError.invalid(path.child("maxFailedIndexes").toString(), mfi, "requires indexed completion mode"));
            }
        }
        errs.addAll(JobPolicyValidation.validate(spec, path, indexed));
        String prp = str(spec, "podReplacementPolicy");
        if (spec != null && spec.hasNonNull("podReplacementPolicy")) {
            if (spec.hasNonNull("podFailurePolicy")) {
                // With a pod failure policy a pod is replaced only once it has failed (upstream's rule).
                if (!prp.equals("Failed")) {
                    errs.add(FieldError.notSupported(path.child("podReplacementPolicy").toString(), prp, List.of("Failed")));
                }
            } else if (!prp.equals("Failed") && !prp.equals("TerminatingOrFailed")) {
                errs.add(FieldError.notSupported(path.child("podReplacementPolicy").toString(), prp, List.of("Failed", "TerminatingOrFailed")));
            }
        }
        ObjectNode template = obj(spec, "template");
        Path tp = path.child("template");
        errs.addAll(PodSpecValidation.validateTemplate(template, tp));
        String rp = str(obj(template, "spec"), "restartPolicy");
        boolean pfp = spec != null && spec.hasNonNull("podFailurePolicy");
        if (rp.equals("Always") || rp.isEmpty()) {
            errs.add(FieldError.required(tp.child("spec", "restartPolicy").toString(), "valid values: \"OnFailure\", \"Never\""));
        } else if (!rp.equals("OnFailure") && !rp.equals("Never")) {
            errs.add(FieldError.notSupported(tp.child("spec", "restartPolicy").toString(), rp, List.of("OnFailure", "Never")));
        } else if (pfp && !rp.equals("Never")) {
            errs.add(FieldError.invalid(tp.child("spec", "restartPolicy").toString(), rp, "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        if (requireSelector) {
            JsonNode selector = spec == null ? null : spec.get("selector");
            if (selector == null || selector.isNull()) {
                errs.add(FieldError.required(path.child("selector").toString(), ""));
            } else {
                errs.addAll(ObjectMetaValidation.validateLabelSelector(selector, path.child("selector"), false));
            }
            if (selector == null || selector.isNull() || Selectors.isValid(selector)) {
                Map<String, String> labels = Nodes.stringMap(obj(template, "metadata"), "labels");
                boolean nothing = selector == null || !selector.isObject();
                if (nothing || !Selectors.matches(selector, labels)) {
                    errs.add(FieldError.invalid(tp.child("metadata", "labels").toString(), GoValue.stringMap(labels), "`selector` does not match template `labels`"));
                }
            }
        }
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateJobSpec(obj(obj, "spec"), Path.of("spec"), true));
        JsonNode spec = obj(obj, "spec");
        JsonNode oldSpec = obj(old, "spec");
        if (!str(spec, "completionMode").equals("Indexed")) {
            errs.addAll(immutable(spec, oldSpec, "completions"));
        } else if (!ObjectMetaValidation.semanticEquals(field(spec, "completions"), field(oldSpec, "completions"))
                && spec.hasNonNull("completions") && lng(spec, "completions", 0) != lng(spec, "parallelism", -1)) {
            errs.add(FieldError.invalid("spec.completions", lng(spec, "completions"), "can only be modified in tandem with spec.parallelism"));
        }
        errs.addAll(ObjectMetaValidation.validateImmutable(field(spec, "selector"), field(oldSpec, "selector"), Path.of("spec", "selector"),
                GoValue.labelSelector(field(spec, "selector"))));
        ObjectNode template = obj(spec, "template") == null ? obj.objectNode() : obj(spec, "template").deepCopy();
        ObjectNode oldTemplate = obj(oldSpec, "template") == null ? obj.objectNode() : obj(oldSpec, "template").deepCopy();
        boolean mutableScheduling = Nodes.isTrue(oldSpec, "suspend") && str(obj(old, "status"), "startTime").isEmpty();
        if (mutableScheduling) {
            for (ObjectNode t : List.of(template, oldTemplate)) {
                ObjectNode ts = obj(t, "spec");
                if (ts != null) {
                    ts.remove(List.of("nodeSelector", "tolerations", "schedulingGates"));
                    ObjectNode aff = obj(ts, "affinity");
                    if (aff != null) {
                        aff.remove("nodeAffinity");
                    }
                }
                ObjectNode tm = obj(t, "metadata");
                if (tm != null) {
                    tm.remove(List.of("labels", "annotations"));
                }
            }
        }
        if (!ObjectMetaValidation.semanticEquals(template, oldTemplate)) {
            errs.add(FieldError.invalid("spec.template", GoValue.struct("core.PodTemplateSpec", field(spec, "template")), ObjectMetaValidation.FIELD_IMMUTABLE));
        }
        for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy")) {
            errs.addAll(immutable(spec, oldSpec, f));
        }
        return errs;
    }

    private static JsonNode field(JsonNode o, String f) {
        return o == null ? null : o.get(f);
    }

    private static List<FieldError> immutable(JsonNode spec, JsonNode oldSpec, String f) {
        JsonNode n = field(spec, f);
        Object rendered = n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.isNumber() ? (Object) n.asLong() : GoValue.struct("", n);
        return ObjectMetaValidation.validateImmutable(n, field(oldSpec, f), Path.of("spec", f), rendered);
    }

    @Override
    public List<TableColumn> columns() {
        return Tables.withTemplateColumns("A label query over pods that should match the pod count.",
                Tables.name(),
                Tables.col("Status", "string", "Status of the job."),
                Tables.col("Completions", "string", "The number of pods which reached phase Succeeded."),
                Tables.col("Duration", "string", "Time required to complete the job."),
                Tables.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        JsonNode status = obj(obj, "status");
        long succeeded = lng(status, "succeeded", 0);
        String completions;
        if (spec != null && spec.hasNonNull("completions")) {
            completions = succeeded + "/" + lng(spec, "completions", 0);
        } else {
            long parallelism = lng(spec, "parallelism", 0);
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        String start = str(status, "startTime");
        String end = str(status, "completionTime");
        String duration = "";
        if (HumanDuration.parse(start) != null) {
            duration = HumanDuration.parse(end) == null ? HumanDuration.since(start) : HumanDuration.between(start, end);
        }
        String st;
        if (condition(status, "Complete")) {
            st = "Complete";
        } else if (condition(status, "Failed")) {
            st = "Failed";
        } else if (Tables.deleting(obj)) {
            st = "Terminating";
        } else if (condition(status, "Suspended")) {
            st = "Suspended";
        } else if (condition(status, "FailureTarget")) {
            st = "FailureTarget";
        } else {
            st = "Running";
        }
        String[] ci = Tables.containerCells(obj(obj(spec, "template"), "spec"));
        return List.of(Tables.name(obj), st, completions, duration, Tables.age(obj), ci[0], ci[1],
                Selectors.formatLabelSelector(spec == null ? null : spec.get("selector")));
    }

    private static boolean condition(JsonNode status, String type) {
        for (ObjectNode c : objects(status, "conditions")) {
            if (str(c, "type").equals(type)) {
                return str(c, "status").equals("True");
            }
        }
        return false;
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("status.successful");
    }

    @Override
    public String fieldValue(ObjectNode obj, String field) {
        if (field.equals("status.successful")) {
            return String.valueOf(lng(obj(obj, "status"), "succeeded", 0));
        }
        return super.fieldValue(obj, field);
    }
}
