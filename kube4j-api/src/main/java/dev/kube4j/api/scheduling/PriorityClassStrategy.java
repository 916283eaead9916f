package dev.kube4j.api.scheduling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;
import dev.kube4j.apimachinery.validation.Path;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.bool;
import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strOrNull;

/**
 * scheduling.k8s.io/v1 priority classes. Names starting with {@code system-} are reserved for the
 * two system classes, and values above one billion for them.
 */
public class PriorityClassStrategy extends KindStrategy {

    public static final String SYSTEM_PREFIX = "system-";
    public static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;
    private static final List<String> PREEMPTION_POLICIES = List.of("Never", "PreemptLowerPriority");

    /** The classes every cluster has, created at start-up. */
    public record SystemClass(String name, long value, String description) {
    }

    public static final List<SystemClass> SYSTEM_CLASSES = List.of(
            new SystemClass("system-node-critical", 2_000_001_000L,
                    "Used for system critical pods that must not be moved from their current node."),
            new SystemClass("system-cluster-critical", 2_000_000_000L,
                    "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));

    public PriorityClassStrategy() {
        super(false, NameValidator.DNS_SUBDOMAIN);
    }

    /** preemptionPolicy defaults to PreemptLowerPriority; value is never omitted in JSON (not a pointer). */
    @Override
    public void applyDefaults(ObjectNode obj) {
        if (!obj.hasNonNull("preemptionPolicy")) {
            obj.put("preemptionPolicy", "PreemptLowerPriority");
        }
        if (!obj.has("value")) {
            obj.put("value", 0);
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        String name = Tables.name(obj);
        long value = lng(obj, "value", 0);
        boolean globalDefault = Boolean.TRUE.equals(bool(obj, "globalDefault"));
        if (name.startsWith(SYSTEM_PREFIX)) {
            String problem = systemClassProblem(name, value, globalDefault);
            if (problem != null) {
                errs.add(FieldError.forbidden("metadata.name", "priority class names with '" + SYSTEM_PREFIX
                        + "' prefix are reserved for system use only. error: " + problem));
            }
        } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
            errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is " + HIGHEST_USER_DEFINABLE_PRIORITY));
        }
        String policy = strOrNull(obj, "preemptionPolicy");
        if (policy != null && !PREEMPTION_POLICIES.contains(policy)) {
            errs.add(FieldError.notSupported("preemptionPolicy", policy, PREEMPTION_POLICIES));
        }
        return errs;
    }

    /** IsKnownSystemPriorityClass: null when name, value and globalDefault match a system class. */
    private static String systemClassProblem(String name, long value, boolean globalDefault) {
        for (SystemClass c : SYSTEM_CLASSES) {
            if (c.name().equals(name)) {
                if (c.value() != value) {
                    return "value of " + name + " PriorityClass must be " + c.value();
                }
                return globalDefault ? "globalDefault of " + name + " PriorityClass must be false" : null;
            }
        }
        return name + " is not a known system priority class";
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(validateSpec(obj));
        if (lng(obj, "value", 0) != lng(old, "value", 0)) {
            errs.add(FieldError.forbidden("value", "may not be changed in an update."));
        }
        errs.addAll(ObjectMetaValidation.validateImmutable(obj.get("preemptionPolicy"), old.get("preemptionPolicy"),
                Path.of("preemptionPolicy"), str(obj, "preemptionPolicy")));
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(),
                Tables.col("Value", "integer", "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec."),
                Tables.col("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority."),
                Tables.age(),
                Tables.col("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Tables.name(obj), lng(obj, "value", 0), Boolean.TRUE.equals(bool(obj, "globalDefault")),
                Tables.age(obj), str(obj, "preemptionPolicy"));
    }
}
