package dev.kube4j.apimachinery.errors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.validation.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An API failure carrying the {@code Status} object the client receives. Factories mirror
 * upstream's k8s.io/apimachinery/pkg/api/errors so messages and reasons match.
 */
public class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final ObjectNode details;

    public ApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public ObjectNode details() {
        return details;
    }

    /** The {@code meta/v1 Status} object for this failure. */
    public ObjectNode toStatus() {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return status;
    }

    private static ObjectNode details(String group, String kind, String name) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        if (kind != null) {
            d.put("kind", kind);
        }
        return d;
    }

    /** "group resource" as upstream's GroupResource.String(): {@code pods} or {@code deployments.apps}. */
    public static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public static ApiException notFound(String group, String resource, String name) {
        return new ApiException(404, "NotFound",
                qualified(group, resource) + " \"" + name + "\" not found", details(group, resource, name));
    }

    public static ApiException alreadyExists(String group, String resource, String name) {
        return new ApiException(409, "AlreadyExists",
                qualified(group, resource) + " \"" + name + "\" already exists", details(group, resource, name));
    }

    public static ApiException conflict(String group, String resource, String name, String why) {
        return new ApiException(409, "Conflict",
                "Operation cannot be fulfilled on " + qualified(group, resource) + " \"" + name + "\": " + why,
                details(group, resource, name));
    }

    public static ApiException modified(String group, String resource, String name) {
        return conflict(group, resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
        ObjectNode d = details(group, kind, name);
        var causes = d.putArray("causes");
        for (FieldError e : errors) {
            ObjectNode c = causes.addObject();
            c.put("reason", e.type().reason);
            c.put("message", e.body());
            c.put("field", e.field());
        }
        String joined = errors.size() == 1 ? errors.get(0).toString()
                : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        // As upstream's GroupKind.String(): "Deployment.apps", "Pod".
        return new ApiException(422, "Invalid", qualified(group, kind) + " \"" + name + "\" is invalid: " + joined, d);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", null);
    }

    public static ApiException forbidden(String group, String resource, String name, String why) {
        return new ApiException(403, "Forbidden",
                qualified(group, resource) + (name == null || name.isEmpty() ? "" : " \"" + name + "\"")
                        + " is forbidden: " + why, details(group, resource, name));
    }

    public static ApiException methodNotSupported(String group, String resource, String verb) {
        return new ApiException(405, "MethodNotAllowed",
                verb + " is not supported on resources of kind \"" + qualified(group, resource) + "\"",
                details(group, resource, null));
    }

    /** No route for this method on this path (upstream's go-restful 405, as a generic server response). */
    public static ApiException methodNotAllowed() {
        return new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                details(null, null, null));
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json, application/yaml, application/vnd.kubernetes.protobuf", null);
    }

    public static ApiException timeout(String message) {
        return new ApiException(504, "Timeout", message, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
    }

    public static ApiException serviceUnavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null);
    }

    public static ApiException pathNotFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", details(null, null, null));
    }
}
