package dev.kube4j.api.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.elements;
import static dev.kube4j.apimachinery.strategy.Nodes.has;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;

/**
 * The parts of upstream's job spec validation for {@code spec.podFailurePolicy} and
 * {@code spec.successPolicy} (validatePodFailurePolicy, validateSuccessPolicy), with upstream's
 * field paths and messages.
 */
final class JobPolicyValidation {

    static final int MAX_POD_FAILURE_POLICY_RULES = 20;
    static final int MAX_ON_EXIT_CODES_VALUES = 255;
    static final int MAX_ON_POD_CONDITIONS_PATTERNS = 20;
    static final int MAX_SUCCESS_POLICY_RULES = 20;
    static final int MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

    /** Upstream's supported value sets, listed sorted as {@code sets.List} does. */
    static final List<String> ACTIONS = List.of("Count", "FailIndex", "FailJob", "Ignore");
    static final List<String> OPERATORS = List.of("In", "NotIn");
    static final List<String> CONDITION_STATUSES = List.of("False", "True", "Unknown");

    private JobPolicyValidation() {
    }

    /** Both policies of a job spec, in upstream's order; {@code indexed} is the effective completion mode. */
    static List<FieldError> validate(JsonNode spec, Path path, boolean indexed) {
        List<FieldError> errs = new ArrayList<>();
        if (has(spec, "podFailurePolicy")) {
            errs.addAll(validatePodFailurePolicy(spec, path.child("podFailurePolicy")));
        }
        if (has(spec, "successPolicy")) {
            if (!indexed) {
                errs.add(FieldError.invalid(path.child("successPolicy").toString(), successPolicyValue(spec.get("successPolicy")),
                        "requires indexed completion mode"));
            } else {
                errs.addAll(validateSuccessPolicy(spec, path.child("successPolicy")));
            }
        }
        return errs;
    }

    static List<FieldError> validatePodFailurePolicy(JsonNode spec, Path path) {
        List<FieldError> errs = new ArrayList<>();
        Path rulesPath = path.child("rules");
        List<JsonNode> rules = elements(spec.get("podFailurePolicy"), "rules");
        if (rules.size() > MAX_POD_FAILURE_POLICY_RULES) {
            errs.add(FieldError.tooMany(rulesPath.toString(), rules.size(), MAX_POD_FAILURE_POLICY_RULES));
        }
        Set<String> containerNames = new HashSet<>();
        JsonNode podSpec = obj(obj(spec, "template"), "spec");
        for (String list : List.of("containers", "initContainers")) {
            objects(podSpec, list).forEach(c -> containerNames.add(str(c, "name")));
        }
        boolean perIndexLimit = has(spec, "backoffLimitPerIndex");
        for (int i = 0; i < rules.size(); i++) {
            errs.addAll(validateRule(rules.get(i), rulesPath.index(i), perIndexLimit, containerNames));
        }
        return errs;
    }

    private static List<FieldError> validateRule(JsonNode rule, Path path, boolean perIndexLimit, Set<String> containerNames) {
        List<FieldError> errs = new ArrayList<>();
        String action = str(rule, "action");
        if (!action.equals("FailIndex")) {
            errs.addAll(oneOf(path.child("action"), action, ACTIONS));
        } else if (!perIndexLimit) {
            errs.add(FieldError.invalid(path.child("action").toString(), action, "requires the backoffLimitPerIndex to be set"));
        }
        boolean onExitCodes = has(rule, "onExitCodes");
        boolean onPodConditions = !elements(rule, "onPodConditions").isEmpty();
        if (onExitCodes) {
            errs.addAll(validateOnExitCodes(rule.get("onExitCodes"), path.child("onExitCodes"), containerNames));
        }
        if (onPodConditions) {
            errs.addAll(validateOnPodConditions(elements(rule, "onPodConditions"), path.child("onPodConditions")));
        }
        if (onExitCodes && onPodConditions) {
            errs.add(FieldError.invalid(path.toString(), FieldError.OMIT_VALUE, "specifying both OnExitCodes and OnPodConditions is not supported"));
        }
        if (!onExitCodes && !onPodConditions) {
            errs.add(FieldError.invalid(path.toString(), FieldError.OMIT_VALUE, "specifying one of OnExitCodes and OnPodConditions is required"));
        }
        return errs;
    }

    private static List<FieldError> validateOnExitCodes(JsonNode req, Path path, Set<String> containerNames) {
        List<FieldError> errs = new ArrayList<>();
        String operator = str(req, "operator");
        errs.addAll(oneOf(path.child("operator"), operator, OPERATORS));
        String containerName = strOrNull(req, "containerName");
        if (containerName != null && !containerNames.contains(containerName)) {
            errs.add(FieldError.invalid(path.child("containerName").toString(), containerName,
                    "must be one of the container or initContainer names in the pod template"));
        }
        Path valuesPath = path.child("values");
        JsonNode valuesNode = req.get("values");
        List<JsonNode> values = elements(req, "values");
        if (values.isEmpty()) {
            errs.add(FieldError.invalid(valuesPath.toString(), GoValue.int32Slice(valuesNode), "at least one value is required"));
        } else if (values.size() > MAX_ON_EXIT_CODES_VALUES) {
            errs.add(FieldError.tooMany(valuesPath.toString(), values.size(), MAX_ON_EXIT_CODES_VALUES));
        }
        boolean ordered = true;
        Set<Long> unique = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            long value = values.get(j).asLong();
            String valuePath = valuesPath.index(j).toString();
            if (operator.equals("In") && value == 0) {
                errs.add(FieldError.invalid(valuePath, value, "must not be 0 for the In operator"));
            }
            if (!unique.add(value)) {
                errs.add(FieldError.duplicate(valuePath, value));
            }
            if (j > 0 && values.get(j - 1).asLong() > value) {
                ordered = false;
            }
        }
        if (!ordered) {
            errs.add(FieldError.invalid(valuesPath.toString(), GoValue.int32Slice(valuesNode), "must be ordered"));
        }
        return errs;
    }

    private static List<FieldError> validateOnPodConditions(List<JsonNode> patterns, Path path) {
        List<FieldError> errs = new ArrayList<>();
        if (patterns.size() > MAX_ON_POD_CONDITIONS_PATTERNS) {
            errs.add(FieldError.tooMany(path.toString(), patterns.size(), MAX_ON_POD_CONDITIONS_PATTERNS));
        }
        for (int j = 0; j < patterns.size(); j++) {
            JsonNode pattern = patterns.get(j);
            Path patternPath = path.index(j);
            errs.addAll(ObjectMetaValidation.validateLabelName(str(pattern, "type"), patternPath.child("type")));
            errs.addAll(oneOf(patternPath.child("status"), str(pattern, "status"), CONDITION_STATUSES));
        }
        return errs;
    }

    static List<FieldError> validateSuccessPolicy(JsonNode spec, Path path) {
        List<FieldError> errs = new ArrayList<>();
        Path rulesPath = path.child("rules");
        List<JsonNode> rules = elements(spec.get("successPolicy"), "rules");
        if (rules.isEmpty()) {
            errs.add(FieldError.required(rulesPath.toString(), "at least one rules must be specified when the successPolicy is specified"));
        }
        if (rules.size() > MAX_SUCCESS_POLICY_RULES) {
            errs.add(FieldError.tooMany(rulesPath.toString(), rules.size(), MAX_SUCCESS_POLICY_RULES));
        }
        // Upstream dereferences spec.completions here; without it the Required error above the
        // policies is the answer, so the comparisons with completions are skipped.
        Long completions = lng(spec, "completions");
        for (int i = 0; i < rules.size(); i++) {
            errs.addAll(validateSuccessPolicyRule(rules.get(i), rulesPath.index(i), completions));
        }
        return errs;
    }

    private static List<FieldError> validateSuccessPolicyRule(JsonNode rule, Path path, Long completions) {
        List<FieldError> errs = new ArrayList<>();
        String indexes = strOrNull(rule, "succeededIndexes");
        Long count = lng(rule, "succeededCount");
        if (indexes == null && count == null) {
            errs.add(FieldError.required(path.toString(), "at least one of succeededCount or succeededIndexes must be specified"));
        }
        long totalIndexes = 0;
        if (indexes != null) {
            Path indexesPath = path.child("succeededIndexes");
            if (Validators.byteLength(indexes) > MAX_SUCCEEDED_INDEXES_LENGTH) {
                errs.add(ObjectMetaValidation.tooLong(indexesPath, MAX_SUCCEEDED_INDEXES_LENGTH));
            }
            if (completions != null) {
                try {
                    totalIndexes = countIndexes(indexes, completions);
                } catch (IllegalArgumentException e) {
                    errs.add(FieldError.invalid(indexesPath.toString(), indexes, "error parsing succeededIndexes: " + e.getMessage()));
                }
            }
        }
        if (count != null) {
            Path countPath = path.child("succeededCount");
            errs.addAll(ObjectMetaValidation.validateNonnegative(count, countPath));
            if (completions != null && count > completions) {
                errs.add(FieldError.invalid(countPath.toString(), count,
                        "must be less than or equal to " + completions + " (the number of specified completions)"));
            }
            if (completions != null && indexes != null && count > totalIndexes) {
                errs.add(FieldError.invalid(countPath.toString(), count,
                        "must be less than or equal to " + totalIndexes + " (the number of indexes in the specified succeededIndexes field)"));
            }
        }
        return errs;
    }

    /**
     * The number of indexes in an interval list such as {@code "1,3-5,7"} (upstream's validateIndexesFormat);
     * throws with upstream's error text when the list is malformed.
     */
    static long countIndexes(String indexes, long completions) {
        if (indexes.isEmpty()) {
            return 0;
        }
        Long last = null;
        long total = 0;
        for (String interval : indexes.split(",", -1)) {
            long[] xy = parseInterval(interval, completions);
            if (last != null && last >= xy[0]) {
                throw new IllegalArgumentException("non-increasing order, previous: " + last + ", current: " + xy[0]);
            }
            total += xy[1] - xy[0] + 1;
            last = xy[1];
        }
        return total;
    }

    private static long[] parseInterval(String interval, long completions) {
        String[] limits = interval.split("-", -1);
        if (limits.length > 2) {
            throw new IllegalArgumentException("the fragment " + GoValue.quote(interval)
                    + " violates the requirement that an index interval can have at most two parts separated by '-'");
        }
        long x = parseIndex(limits[0], completions);
        if (limits.length == 1) {
            return new long[] {x, x};
        }
        long y = parseIndex(limits[1], completions);
        if (x >= y) {
            throw new IllegalArgumentException("non-increasing order, previous: " + x + ", current: " + y);
        }
        return new long[] {x, y};
    }

    /** Go's strconv.Atoi (an optional sign, ASCII digits, 64-bit range), then the bound check. */
    private static long parseIndex(String s, long completions) {
        long v;
        try {
            if (!s.matches("[+-]?[0-9]+")) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot convert string to integer for index: " + GoValue.quote(s));
        }
        if (v >= completions) {
            throw new IllegalArgumentException("too large index: " + GoValue.quote(s));
        }
        return v;
    }

    /** A required enum field: Required listing the values (as Go's {@code %q} of a slice, e.g. {@code ["In" "NotIn"]}), or NotSupported. */
    private static List<FieldError> oneOf(Path path, String value, List<String> supported) {
        if (value.isEmpty()) {
            return List.of(FieldError.required(path.toString(), "valid values: " + goQuotedList(supported)));
        }
        return supported.contains(value) ? List.of() : List.of(FieldError.notSupported(path.toString(), value, supported));
    }

    /** Go's {@code %q} of a []string: {@code ["In" "NotIn"]}. */
    private static String goQuotedList(List<String> values) {
        return "[" + String.join(" ", values.stream().map(GoValue::quote).toList()) + "]";
    }

    /**
     * A batch.SuccessPolicy as Go's {@code %#v} prints it. Go prints the heap address of a set
     * pointer field, which differs from request to request; a fixed address stands in for it.
     */
    static GoValue successPolicyValue(JsonNode policy) {
        List<JsonNode> rules = elements(policy, "rules");
        JsonNode rulesNode = policy == null ? null : policy.get("rules");
        String rendered;
        if (rulesNode == null || !rulesNode.isArray()) {
            rendered = "[]batch.SuccessPolicyRule(nil)";
        } else {
            List<String> parts = new ArrayList<>();
            for (JsonNode r : rules) {
                parts.add("batch.SuccessPolicyRule{SucceededIndexes:" + pointer("string", has(r, "succeededIndexes"))
                        + ", SucceededCount:" + pointer("int32", has(r, "succeededCount")) + "}");
            }
            rendered = "[]batch.SuccessPolicyRule{" + String.join(", ", parts) + "}";
        }
        return new GoValue("batch.SuccessPolicy{Rules:" + rendered + "}");
    }

    private static String pointer(String type, boolean set) {
        return "(*" + type + ")(" + (set ? "0xc000000000" : "nil") + ")";
    }
}
