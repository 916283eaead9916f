package dev.kube4j.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.apply.TypedValues;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.registry.ApiResource;

/** Upstream's checks of a server-side apply body, and its errors for configurations that do not fit the schema. */
final class ApplyRequest {

    private ApplyRequest() {
    }

    /** The configuration must be of the URL's kind and version, name the URL's object and carry no managed fields. */
    static void check(ApiResource r, String ns, String name, ObjectNode config) {
        String apiVersion = config.path("apiVersion").asText("");
        String kind = config.path("kind").asText("");
        if (!apiVersion.equals(r.def().gvk().apiVersion()) || !kind.equals(r.kind())) {
            int slash = apiVersion.indexOf('/');
            String gvk = (slash < 0 ? "/" + apiVersion : apiVersion) + ", Kind=" + kind;
            throw ApiException.badRequest("invalid object type: " + gvk);
        }
        JsonNode meta = config.path("metadata");
        if (meta.has("managedFields") && !meta.get("managedFields").isNull()) {
            throw ApiException.badRequest("metadata.managedFields must be nil");
        }
        String bodyName = meta.path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
    }

    /** The live object of an apply that creates: nothing yet. */
    static ObjectNode emptyObject(ApiResource r, String ns, String name) {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The created object takes its name and namespace from the URL when the configuration omits them. */
    static void identify(ApiResource r, String ns, String name, ObjectNode created) {
        ObjectNode meta = created.with("metadata");
        if (meta.path("name").asText("").isEmpty()) {
            meta.put("name", name);
        }
        if (r.def().namespaced() && meta.path("namespace").asText("").isEmpty()) {
            meta.put("namespace", ns);
        }
    }

    /**
     * A configuration the schema cannot hold (duplicate or key-less list elements). Upstream's
     * message; a 400 because the body is at fault (upstream answers some of these with a 500).
     */
    static ApiException invalidConfiguration(ApiResource r, String ns, String name, TypedValues.InvalidValueException e) {
        String group = r.group();
        String gvk = group + "/" + r.def().gvk().version() + ", Kind=" + r.kind();
        return ApiException.badRequest("failed to create typed patch object (" + ns + "/" + name + "; " + gvk + "): "
                + e.getMessage());
    }
}
