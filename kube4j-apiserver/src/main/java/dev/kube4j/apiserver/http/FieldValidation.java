package dev.kube4j.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.api.apiextensions.CustomResourceStrategy;
import dev.kube4j.api.schema.FieldValidator;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.registry.ApiResource;

import java.util.List;

/**
 * The {@code fieldValidation} query parameter: what to do with unknown or duplicate fields in a
 * request body. Strict refuses with upstream's "strict decoding error", Warn (the default)
 * answers with Warning headers, Ignore drops them silently.
 */
public final class FieldValidation {

    private final java.util.function.Supplier<FieldValidator> validators;

    /** The validator is fetched on first use: building the schemas must not delay readiness. */
    public FieldValidation(java.util.function.Supplier<FieldValidator> validators) {
        this.validators = validators;
    }

    /** Checks a create or update body (JSON bytes as sent). */
    public void checkBody(HttpExchange ex, ApiResource r, byte[] json) {
        FieldValidator.Directive mode = directive(ex);
        if (mode == FieldValidator.Directive.IGNORE) {
            return;
        }
        try {
            FieldValidator.Result result = validators.get().validate(json, r.def().gvk());
            if (r.strategy() instanceof CustomResourceStrategy) {
                result = result.plus(customResourceUnknownFields(r, ObjectCodec.parseBody(json, false, r.kind())));
            }
            apply(ex, r, mode, result);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the body of the request could not be parsed as JSON: " + e.getMessage());
        }
    }

    /** Checks an already-parsed body known to have no duplicate fields: unknown fields only. */
    public void checkTree(HttpExchange ex, ApiResource r, JsonNode object) {
        FieldValidator.Directive mode = directive(ex);
        if (mode == FieldValidator.Directive.IGNORE) {
            return;
        }
        apply(ex, r, mode, unknownFields(r, object));
    }

    /** Unknown fields: a built-in kind's from its model, a custom resource's from what pruning drops. */
    private FieldValidator.Result unknownFields(ApiResource r, JsonNode object) {
        if (r.strategy() instanceof CustomResourceStrategy) {
            return customResourceUnknownFields(r, object);
        }
        return validators.get().unknownFields(object, r.def().gvk());
    }

    private static FieldValidator.Result customResourceUnknownFields(ApiResource r, JsonNode object) {
        List<String> unknown = ((CustomResourceStrategy) r.strategy()).unknownFields(object);
        if (unknown.isEmpty()) {
            return FieldValidator.Result.EMPTY;
        }
        List<String> errors = unknown.stream().map(f -> "unknown field " + GoValue.quote(f)).toList();
        return new FieldValidator.Result(errors, unknown, List.of());
    }

    /** Checks a patch: duplicates in the patch body, unknown fields in the patched object. */
    public void checkPatch(HttpExchange ex, ApiResource r, byte[] patch, boolean jsonPatch, JsonNode patched) {
        FieldValidator.Directive mode = directive(ex);
        if (mode == FieldValidator.Directive.IGNORE) {
            return;
        }
        FieldValidator validator = validators.get();
        FieldValidator.Result result = unknownFields(r, patched);
        if (!jsonPatch) {
            result = validator.duplicates(patch).plus(result);
        }
        apply(ex, r, mode, result);
    }

    private static void apply(HttpExchange ex, ApiResource r, FieldValidator.Directive mode, FieldValidator.Result result) {
        if (result.isEmpty()) {
            return;
        }
        if (mode == FieldValidator.Directive.STRICT) {
            throw ApiException.badRequest(result.badRequestMessage(r.def().gvk()));
        }
        result.warnings().forEach(ex::warn);
    }

    private static FieldValidator.Directive directive(HttpExchange ex) {
        return FieldValidator.Directive.parse(ex.query("fieldValidation")).orElseThrow(() -> ApiException.badRequest(
                "fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", got \"" + ex.query("fieldValidation") + "\""));
    }
}
