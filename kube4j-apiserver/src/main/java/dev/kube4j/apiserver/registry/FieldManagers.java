package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.apply.BuiltinApplySchemas;
import dev.kube4j.apimachinery.apply.ApplyConflictException;
import dev.kube4j.apimachinery.apply.ApplySchema;
import dev.kube4j.apimachinery.apply.FieldManager;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Field managers of the served resources: which {@link ApplySchema} a kind uses, which fields a
 * subresource resets, the manager name of a request, and upstream's errors for apply conflicts
 * and bad field managers.
 */
public final class FieldManagers {

    private static final int MAX_MANAGER_LENGTH = 128;

    /** The schema of a resource; built-in kinds by default, replaceable (custom resources bring their own). */
    private static volatile Function<ApiResource, ApplySchema> schemas = r -> BuiltinApplySchemas.forKind(r.def().gvk());

    private FieldManagers() {
    }

    public static void setSchemas(Function<ApiResource, ApplySchema> lookup) {
        schemas = lookup;
    }

    /** The field manager of a write to {@code r} (or its subresource: "" for the main resource). */
    public static FieldManager of(ApiResource r, String subresource) {
        FieldManager.Reset reset = subresource.equals("status") ? FieldManager.Reset.ALL_BUT_STATUS
                : r.def().hasSubresource("status") ? FieldManager.Reset.STATUS : FieldManager.Reset.NONE;
        return new FieldManager(schemas.apply(r), r.def().gvk().apiVersion(), subresource, reset);
    }

    /**
     * The manager of a non-apply write: the {@code fieldManager} parameter, else the user agent up
     * to its first slash (as upstream: {@code kubectl/v1.32 (linux/amd64)} is {@code kubectl}).
     */
    public static String managerOf(String fieldManager, String userAgent, String optionsKind) {
        if (!fieldManager.isEmpty()) {
            validate(fieldManager, optionsKind);
            return fieldManager;
        }
        String ua = userAgent == null ? "" : userAgent;
        int slash = ua.indexOf('/');
        String name = slash >= 0 ? ua.substring(0, slash) : ua;
        return name.length() > MAX_MANAGER_LENGTH ? name.substring(0, MAX_MANAGER_LENGTH) : name;
    }

    /** Upstream's PatchOptions checks for an apply: a manager is required. */
    public static void validateApply(String fieldManager) {
        if (fieldManager.isEmpty()) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "",
                    List.of(FieldError.required("fieldManager", "is required for apply patch")));
        }
        validate(fieldManager, "PatchOptions");
    }

    /** Upstream's PatchOptions check of {@code force} on other patches. */
    public static void validateForceOnlyForApply(boolean hasForce) {
        if (hasForce) {
            throw ApiException.invalid("meta.k8s.io", "PatchOptions", "",
                    List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
        }
    }

    private static void validate(String manager, String optionsKind) {
        List<FieldError> errors = new ArrayList<>();
        if (manager.length() > MAX_MANAGER_LENGTH) {
            errors.add(FieldError.tooLong("fieldManager", manager, MAX_MANAGER_LENGTH));
        }
        int i = 0;
        for (int cp : manager.codePoints().toArray()) {
            if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                errors.add(FieldError.invalid("fieldManager", manager,
                        String.format("invalid character U+%04X (at position %d)", cp, i)));
            }
            i += Character.charCount(cp);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("meta.k8s.io", optionsKind, "", errors);
        }
    }

    /** An apply conflict as upstream answers it: 409 Conflict with one FieldManagerConflict cause per field. */
    public static ApiException conflict(ApplyConflictException e) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ArrayNode causes = details.putArray("causes");
        for (ApplyConflictException.Conflict c : e.conflicts()) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldManagerConflict");
            cause.put("message", c.describeManager());
            cause.put("field", c.path().toString());
        }
        return new ApiException(409, "Conflict", e.getMessage(), details);
    }
}
