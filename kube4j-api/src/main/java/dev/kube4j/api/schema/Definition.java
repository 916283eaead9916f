package dev.kube4j.api.schema;

import dev.kube4j.apimachinery.meta.GroupVersionKind;

import java.util.List;
import java.util.Map;

/**
 * A named schema as upstream's OpenAPI publishes it (e.g. {@code io.k8s.api.apps.v1.Deployment}).
 *
 * @param name        the upstream definition name
 * @param description human readable text, or null
 * @param shape       {@link Shape#STRUCT} for objects with known fields; the others are the
 *                    special scalar-like types of apimachinery
 * @param properties  the fields by JSON name, sorted; empty unless {@code STRUCT}
 * @param required    the fields that must be present
 * @param gvks        the kinds this definition is the top-level schema of (may be empty)
 */
public record Definition(
        String name,
        String description,
        Shape shape,
        Map<String, Property> properties,
        List<String> required,
        List<GroupVersionKind> gvks) {

    /** How a definition is rendered and validated. */
    public enum Shape {
        /** An object with a fixed set of fields; unknown fields are reported. */
        STRUCT,
        /** {@code intstr.IntOrString}: an integer or a string. */
        INT_OR_STRING,
        /** {@code resource.Quantity}: a string or a number. */
        QUANTITY,
        /** {@code meta/v1 Time}: an RFC 3339 string. */
        TIME,
        /** {@code meta/v1 MicroTime}: an RFC 3339 string with microseconds. */
        MICRO_TIME,
        /** {@code meta/v1 Duration}: a Go duration string. */
        DURATION,
        /** A JSON object whose content is not checked ({@code RawExtension}, {@code FieldsV1}). */
        FREE_OBJECT,
        /** Any JSON value whose content is not checked ({@code apiextensions JSON}, {@code JSONSchemaPropsOrBool}, ...). */
        ANY
    }

    public boolean isStruct() {
        return shape == Shape.STRUCT;
    }

    /** The short name, e.g. {@code Deployment} for {@code io.k8s.api.apps.v1.Deployment}. */
    public String simpleName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
