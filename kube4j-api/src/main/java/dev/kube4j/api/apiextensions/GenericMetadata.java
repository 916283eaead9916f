package dev.kube4j.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.ObjectMetaValidation;

import java.util.List;

/**
 * ObjectMeta validation as apimachinery's generic registry does it for CRDs and custom resources:
 * core's extra rule that finalizer names without a '/' be standard ones does not apply there
 * ({@code customresourcecleanup.apiextensions.k8s.io} is such a name).
 */
final class GenericMetadata {

    private static final String KUBE_FINALIZER_RULE = "name is neither a standard finalizer name nor is it fully qualified";

    private GenericMetadata() {
    }

    static List<FieldError> validate(JsonNode obj, boolean namespaced, NameValidator names) {
        return withoutKubeFinalizerRule(ObjectMetaValidation.validateObjectMeta(obj, namespaced, names));
    }

    static List<FieldError> validateUpdate(JsonNode obj, JsonNode old) {
        return withoutKubeFinalizerRule(ObjectMetaValidation.validateObjectMetaUpdate(obj, old));
    }

    private static List<FieldError> withoutKubeFinalizerRule(List<FieldError> errs) {
        return errs.stream().filter(e -> !KUBE_FINALIZER_RULE.equals(e.detail())).toList();
    }
}
