package dev.kube4j.apiserver.http;

/**
 * What a request addresses, parsed from its URL and method as upstream's RequestInfoFactory does.
 *
 * @param resourceRequest false for non-resource paths (/version, /api, /openapi/v3 …)
 * @param verb            get, list, watch, create, update, patch, delete, deletecollection,
 *                        or the lower-cased HTTP method for non-resource requests
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiPrefix, String group,
                          String version, String namespace, String resource, String subresource, String name) {

    public static RequestInfo nonResource(String path, String method) {
        return new RequestInfo(false, path, method.toLowerCase(), "", "", "", "", "", "", "");
    }
}
