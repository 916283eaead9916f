package dev.kube4j.api.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resource lists (cpu, memory, ...): canonical quantities and the resource-name rules of core validation. */
public final class Resources {

    private Resources() {
    }

    private static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
            "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services",
            "replicationcontrollers", "resourcequotas", "secrets", "persistentvolumeclaims", "storage", "requests.storage",
            "services.nodeports", "services.loadbalancers", "configmaps");
    private static final Set<String> STANDARD_QUOTA = Set.of("pods", "services", "replicationcontrollers", "resourcequotas",
            "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage", "cpu", "memory", "ephemeral-storage",
            "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
            "limits.ephemeral-storage", "services.nodeports", "services.loadbalancers");
    private static final Set<String> INTEGER = Set.of("pods", "services", "replicationcontrollers", "resourcequotas",
            "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers");

    /** SetDefaults_ResourceList: quantities rounded up to milli precision, printed canonically. */
    public static void canonicalize(JsonNode list) {
        if (!(list instanceof ObjectNode o)) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            Quantity q = Quantity.fromJson(e.getValue());
            if (q != null) {
                e.setValue(o.textNode(q.roundUpMilli().toString()));
            }
        }
    }

    public static Quantity quantity(JsonNode list, String name) {
        return list == null ? null : Quantity.fromJson(list.get(name));
    }

    public static boolean isHugePages(String name) {
        return name.startsWith("hugepages-");
    }

    public static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    public static boolean isExtended(String name) {
        if (isNative(name) || name.startsWith("requests.")) {
            return false;
        }
        return Validators.isQualifiedName("requests." + name).isEmpty();
    }

    public static boolean isOvercommitAllowed(String name) {
        return isNative(name) && !isHugePages(name);
    }

    public static boolean isInteger(String name) {
        return INTEGER.contains(name) || isExtended(name);
    }

    /** A ResourceName value: core.ResourceName has String(), so upstream prints it unquoted. */
    public static Object renderName(String name) {
        return new GoValue(name);
    }

    /** validateResourceName: a qualified name, and standard when unprefixed. */
    public static List<FieldError> validateResourceName(String name, Path path) {
        List<FieldError> errs = new ArrayList<>();
        for (String msg : Validators.isQualifiedName(name)) {
            errs.add(FieldError.invalid(path.toString(), renderName(name), msg));
        }
        if (!errs.isEmpty()) {
            return errs;
        }
        if (!name.contains("/") && !(STANDARD.contains(name) || isHugePages(name) || name.startsWith("requests.hugepages-"))) {
            errs.add(FieldError.invalid(path.toString(), renderName(name), "must be a standard resource type or fully qualified"));
        }
        return errs;
    }

    public static List<FieldError> validateContainerResourceName(String name, Path path) {
        List<FieldError> errs = new ArrayList<>(validateResourceName(name, path));
        if (!errs.isEmpty()) {
            return errs;
        }
        if (!name.contains("/")) {
            if (!(name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage") || isHugePages(name))) {
                errs.add(FieldError.invalid(path.toString(), renderName(name), "must be a standard resource for containers"));
            }
        } else if (!isNative(name) && !isExtended(name)) {
            errs.add(FieldError.invalid(path.toString(), renderName(name), "doesn't follow extended resource name standard"));
        }
        return errs;
    }

    public static List<FieldError> validateQuotaResourceName(String name, Path path) {
        List<FieldError> errs = new ArrayList<>(validateResourceName(name, path));
        if (!errs.isEmpty()) {
            return errs;
        }
        if (!name.contains("/") && !(STANDARD_QUOTA.contains(name) || isHugePages(name) || name.startsWith("requests.hugepages-"))) {
            errs.add(FieldError.invalid(path.toString(), renderName(name), "must be a standard resource for quota"));
        }
        return errs;
    }

    /** Parses and checks a quantity value: well-formed, non-negative, integral for integer resources. */
    public static List<FieldError> validateQuantity(String name, JsonNode value, Path path) {
        List<FieldError> errs = new ArrayList<>();
        Quantity q = parse(value, path, errs);
        if (q == null) {
            return errs;
        }
        if (q.signum() < 0) {
            errs.add(FieldError.invalid(path.toString(), q.toString(), "must be greater than or equal to 0"));
        }
        if (isInteger(name) && q.value().stripTrailingZeros().scale() > 0) {
            errs.add(FieldError.invalid(path.toString(), new GoValue(q.toString()), "must be an integer"));
        }
        return errs;
    }

    /** Parses a quantity, reporting a malformed one. */
    public static Quantity parse(JsonNode value, Path path, List<FieldError> errs) {
        if (value == null || !(value.isTextual() || value.isNumber())) {
            errs.add(FieldError.invalid(path.toString(), value, Quantity.FORMAT_ERROR));
            return null;
        }
        try {
            return Quantity.parse(value.isNumber() ? value.decimalValue().toPlainString() : value.asText());
        } catch (IllegalArgumentException e) {
            errs.add(FieldError.invalid(path.toString(), value.asText(), e.getMessage()));
            return null;
        }
    }
}
