package dev.kube4j.apiserver.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Parses {@code /api/v1/namespaces/ns/pods/name/status} style paths into a {@link RequestInfo}. */
public final class RequestInfoParser {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    private RequestInfoParser() {
    }

    public static RequestInfo parse(String method, String path, boolean watchParam) {
        List<String> parts = new ArrayList<>(Arrays.asList(trim(path).split("/")));
        parts.removeIf(String::isEmpty);
        if (parts.isEmpty() || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return RequestInfo.nonResource(path, method);
        }
        String prefix = parts.remove(0);
        String group = "";
        if (prefix.equals("apis")) {
            if (parts.size() < 3) {
                return RequestInfo.nonResource(path, method); // /apis, /apis/g, /apis/g/v are discovery
            }
            group = parts.remove(0);
        } else if (parts.size() < 2) {
            return RequestInfo.nonResource(path, method); // /api, /api/v1
        }
        String version = parts.remove(0);
        boolean watchPath = false;
        if (!parts.isEmpty() && parts.get(0).equals("watch")) {
            parts.remove(0);
            watchPath = true;
        }
        String namespace = "";
        if (parts.size() > 1 && parts.get(0).equals("namespaces")
                && parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
            namespace = parts.get(1);
            parts = parts.subList(2, parts.size());
        }
        // Otherwise /namespaces/{name}[/status|/finalize] addresses the namespace itself.
        if (parts.isEmpty()) {
            return RequestInfo.nonResource(path, method);
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : "";
        String sub = parts.size() > 2 ? String.join("/", parts.subList(2, parts.size())) : "";
        String verb = switch (method) {
            case "GET", "HEAD" -> name.isEmpty() ? (watchParam || watchPath ? "watch" : "list")
                    : (watchParam || watchPath ? "watch" : "get");
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> method.toLowerCase();
        };
        return new RequestInfo(true, path, verb, prefix, group, version, namespace, resource, sub, name);
    }

    private static String trim(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
