package dev.kube4j.api.openapi;

import dev.kube4j.api.schema.DefinitionNames;
import dev.kube4j.apimachinery.meta.GroupVersion;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The REST paths and operations of served resources, in a neutral form that
 * {@link OpenApiDocuments} renders as Swagger 2.0 or OpenAPI 3.0. Mirrors the shape of the
 * paths upstream's API server publishes.
 */
final class Operations {

    /** A query or path parameter. */
    record Param(String name, String in, String type, String description, boolean required, boolean uniqueItems) {
        static Param query(String name, String type, String description) {
            return new Param(name, "query", type, description, false, true);
        }

        static Param path(String name, String description) {
            return new Param(name, "path", "string", description, true, true);
        }
    }

    /** Kind of request body. */
    enum Body { NONE, OBJECT, PATCH }

    /** One operation. {@code responseSchema} is a definition name, or null for a plain string. */
    record Op(String method, String operationId, String description, String tag, String action,
              GroupVersionKind gvk, List<Param> params, Body body, String bodySchema,
              List<String> responseCodes, String responseSchema, boolean watchResponse, boolean textResponse) {
    }

    /** A path with its path-level parameters and operations by method. */
    record PathItem(String path, List<Param> params, Map<String, Op> ops) {
    }

    static final List<String> PATCH_TYPES = List.of(
            "application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");

    static final Param PRETTY = Param.query("pretty", "string",
            "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent "
                    + "indicates a browser or command-line HTTP tool (curl and wget).");
    static final Param NAMESPACE = Param.path("namespace",
            "object name and auth scope, such as for teams and projects");
    static final Param DRY_RUN = Param.query("dryRun", "string",
            "When present, indicates that modifications should not be persisted. An invalid or unrecognized "
                    + "dryRun directive will result in an error response and no further processing of the request. "
                    + "Valid values are: - All: all dry run stages will be processed");
    static final Param FIELD_MANAGER = Param.query("fieldManager", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes. The value "
                    + "must be less than or 128 characters long, and only contain printable characters, as defined "
                    + "by https://golang.org/pkg/unicode/#IsPrint.");
    static final Param FIELD_VALIDATION = Param.query("fieldValidation", "string",
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) "
                    + "containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any "
                    + "unknown fields that are silently dropped from the object, and will ignore all but the last "
                    + "duplicate field that the decoder encounters. - Warn: This will send a warning via the "
                    + "standard warning response header for each unknown field that is dropped from the object, "
                    + "and for each duplicate field that is encountered. The request will still succeed if there "
                    + "are no other errors, and will only persist the last of any duplicate fields. This is the "
                    + "default. - Strict: This will fail the request with a BadRequest error if any unknown fields "
                    + "would be dropped from the object, or if any duplicate fields are present. The error "
                    + "returned from the server will contain all unknown and duplicate fields encountered.");
    static final Param FORCE = Param.query("force", "boolean",
            "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned "
                    + "by other people. Force flag must be unset for non-apply patch requests.");

    static final List<Param> LIST_PARAMS = List.of(
            Param.query("allowWatchBookmarks", "boolean",
                    "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers may ignore it."),
            Param.query("continue", "string",
                    "The continue option should be set when retrieving more results from the server."),
            Param.query("fieldSelector", "string",
                    "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
            Param.query("labelSelector", "string",
                    "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
            Param.query("limit", "integer",
                    "limit is a maximum number of responses to return for a list call."),
            Param.query("resourceVersion", "string",
                    "resourceVersion sets a constraint on what resource versions a request may be served from."),
            Param.query("resourceVersionMatch", "string",
                    "resourceVersionMatch determines how resourceVersion is applied to list calls."),
            Param.query("sendInitialEvents", "boolean",
                    "`sendInitialEvents=true` may be set together with `watch=true`: the watch stream begins "
                            + "with synthetic events for the current state of all objects."),
            Param.query("timeoutSeconds", "integer",
                    "Timeout for the list/watch call, regardless of any activity or inactivity."),
            Param.query("watch", "boolean",
                    "Watch for changes to the described resources and return them as a stream of add, update, "
                            + "and remove notifications. Specify resourceVersion."));

    static final List<Param> DELETE_PARAMS = List.of(
            DRY_RUN,
            Param.query("gracePeriodSeconds", "integer",
                    "The duration in seconds before the object should be deleted. Zero means delete immediately."),
            Param.query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
                    "if set to true, it will trigger an unsafe deletion of the resource in case the normal "
                            + "deletion flow fails with a corrupt object error."),
            Param.query("orphanDependents", "boolean",
                    "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7."),
            Param.query("propagationPolicy", "string",
                    "Whether and how garbage collection will be performed: 'Orphan', 'Background' or "
                            + "'Foreground'."));

    static final List<Param> WRITE_PARAMS = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);

    private Operations() {
    }

    /** Upstream's tag of a group version: {@code core_v1}, {@code apps_v1}, {@code rbacAuthorization_v1}. */
    static String tag(GroupVersion gv) {
        return groupId(gv.group()) + "_" + gv.version();
    }

    /** {@code core}, {@code apps}, {@code rbacAuthorization}, {@code networking}... as upstream's operation ids. */
    static String groupId(String group) {
        if (group.isEmpty()) {
            return "core";
        }
        String g = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : g.toCharArray()) {
            if (c == '.' || c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    /** Every path of the given resources (all in one group version), sorted by path. */
    static Map<String, PathItem> paths(GroupVersion gv, List<ResourceDefinition> resources) {
        Map<String, PathItem> out = new TreeMap<>();
        String prefix = gv.path();
        String tag = tag(gv);
        String idPart = capitalize(groupId(gv.group())) + capitalize(gv.version());
        out.put(prefix + "/", new PathItem(prefix + "/", List.of(), Map.of("get", new Op("get",
                "get" + idPart + "APIResources", "get available resources", tag, null, null, List.of(), Body.NONE,
                null, List.of("200", "401"), DefinitionNames.META + "APIResourceList", false, false))));
        for (ResourceDefinition rd : resources) {
            addResource(out, prefix, tag, idPart, rd);
        }
        return out;
    }

    private static void addResource(Map<String, PathItem> out, String prefix, String tag, String idPart,
                                    ResourceDefinition rd) {
        String kind = rd.kind();
        GroupVersionKind gvk = rd.gvk();
        String kindDef = OpenApiDocuments.kindDefinitionName(gvk);
        String listDef = OpenApiDocuments.kindDefinitionName(
                new GroupVersionKind(gvk.group(), gvk.version(), rd.listKind()));
        boolean ns = rd.namespaced();
        String nsId = ns ? "Namespaced" : "";
        String base = ns ? prefix + "/namespaces/{namespace}/" + rd.plural() : prefix + "/" + rd.plural();
        List<Param> baseParams = ns ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
        Param name = new Param("name", "path", "string", "name of the " + kind, true, true);
        List<Param> itemParams = ns ? List.of(name, NAMESPACE, PRETTY) : List.of(name, PRETTY);
        var verbs = rd.verbs();

        Map<String, Op> collection = new LinkedHashMap<>();
        if (verbs.contains("list")) {
            collection.put("get", new Op("get", "list" + idPart + nsId + kind, "list or watch objects of kind " + kind,
                    tag, "list", gvk, LIST_PARAMS, Body.NONE, null, List.of("200", "401"), listDef, true, false));
        }
        if (verbs.contains("create")) {
            collection.put("post", new Op("post", "create" + idPart + nsId + kind, "create " + article(kind), tag,
                    "post", gvk, WRITE_PARAMS, Body.OBJECT, kindDef, List.of("200", "201", "202", "401"), kindDef,
                    false, false));
        }
        if (verbs.contains("deletecollection")) {
            List<Param> p = new ArrayList<>(DELETE_PARAMS);
            p.addAll(LIST_PARAMS);
            p.sort(java.util.Comparator.comparing(Param::name));
            collection.put("delete", new Op("delete", "deletecollection" + idPart + nsId + kind,
                    "delete collection of " + kind, tag, "deletecollection", gvk, dedupe(p), Body.OBJECT,
                    DefinitionNames.DELETE_OPTIONS, List.of("200", "401"), DefinitionNames.STATUS, false, false));
        }
        if (!collection.isEmpty()) {
            out.put(base, new PathItem(base, baseParams, collection));
        }

        Map<String, Op> item = new LinkedHashMap<>();
        if (verbs.contains("get")) {
            item.put("get", new Op("get", "read" + idPart + nsId + kind, "read the specified " + kind, tag, "get",
                    gvk, List.of(), Body.NONE, null, List.of("200", "401"), kindDef, false, false));
        }
        if (verbs.contains("update")) {
            item.put("put", new Op("put", "replace" + idPart + nsId + kind, "replace the specified " + kind, tag,
                    "put", gvk, WRITE_PARAMS, Body.OBJECT, kindDef, List.of("200", "201", "401"), kindDef, false,
                    false));
        }
        if (verbs.contains("patch")) {
            item.put("patch", new Op("patch", "patch" + idPart + nsId + kind, "partially update the specified " + kind,
                    tag, "patch", gvk, patchParams(), Body.PATCH, DefinitionNames.PATCH,
                    List.of("200", "201", "401"), kindDef, false, false));
        }
        if (verbs.contains("delete")) {
            item.put("delete", new Op("delete", "delete" + idPart + nsId + kind, "delete " + article(kind), tag,
                    "delete", gvk, DELETE_PARAMS, Body.OBJECT, DefinitionNames.DELETE_OPTIONS,
                    List.of("200", "202", "401"), DefinitionNames.STATUS, false, false));
        }
        if (!item.isEmpty()) {
            out.put(base + "/{name}", new PathItem(base + "/{name}", itemParams, item));
        }

        if (verbs.contains("watch")) {
            String watchBase = ns ? prefix + "/watch/namespaces/{namespace}/" + rd.plural()
                    : prefix + "/watch/" + rd.plural();
            List<Param> wp = new ArrayList<>(LIST_PARAMS);
            out.put(watchBase, new PathItem(watchBase, concat(wp, baseParams), Map.of("get", new Op("get",
                    "watch" + idPart + nsId + kind + "List",
                    "watch individual changes to a list of " + kind + ". deprecated: use the 'watch' parameter "
                            + "with a list operation instead.", tag, "watchlist", gvk, List.of(), Body.NONE, null,
                    List.of("200", "401"), DefinitionNames.WATCH_EVENT, true, false))));
            out.put(watchBase + "/{name}", new PathItem(watchBase + "/{name}", concat(wp, itemParams),
                    Map.of("get", new Op("get", "watch" + idPart + nsId + kind,
                            "watch changes to an object of kind " + kind + ". deprecated: use the 'watch' parameter "
                                    + "with a list operation instead, filtered to a single item with the "
                                    + "'fieldSelector' parameter.", tag, "watch", gvk, List.of(), Body.NONE, null,
                            List.of("200", "401"), DefinitionNames.WATCH_EVENT, true, false))));
        }
        if (ns && verbs.contains("list")) {
            String all = prefix + "/" + rd.plural();
            out.put(all, new PathItem(all, concat(new ArrayList<>(LIST_PARAMS), List.of(PRETTY)),
                    Map.of("get", new Op("get", "list" + idPart + kind + "ForAllNamespaces",
                            "list or watch objects of kind " + kind, tag, "list", gvk, List.of(), Body.NONE, null,
                            List.of("200", "401"), listDef, true, false))));
            if (verbs.contains("watch")) {
                String watchAll = prefix + "/watch/" + rd.plural();
                out.put(watchAll, new PathItem(watchAll, concat(new ArrayList<>(LIST_PARAMS), List.of(PRETTY)),
                        Map.of("get", new Op("get", "watch" + idPart + kind + "ListForAllNamespaces",
                                "watch individual changes to a list of " + kind + ". deprecated: use the 'watch' "
                                        + "parameter with a list operation instead.", tag, "watchlist", gvk,
                                List.of(), Body.NONE, null, List.of("200", "401"), DefinitionNames.WATCH_EVENT,
                                true, false))));
            }
        }

        for (String sub : rd.subresources()) {
            addSubresource(out, base + "/{name}/" + sub, itemParams, tag, idPart + nsId + kind, rd, sub, kindDef);
        }
    }

    private static void addSubresource(Map<String, PathItem> out, String path, List<Param> itemParams, String tag,
                                       String idBase, ResourceDefinition rd, String sub, String kindDef) {
        String kind = rd.kind();
        GroupVersionKind gvk = rd.gvk();
        String idSub = idBase + subresourceId(sub);
        Map<String, Op> ops = new LinkedHashMap<>();
        switch (sub) {
            case "scale" -> {
                GroupVersionKind scale = new GroupVersionKind("autoscaling", "v1", "Scale");
                readWrite(ops, idSub, "scale of the specified " + kind, tag, scale,
                        OpenApiDocuments.kindDefinitionName(scale));
            }
            case "binding", "eviction", "token" -> {
                GroupVersionKind g = switch (sub) {
                    case "binding" -> new GroupVersionKind("", "v1", "Binding");
                    case "eviction" -> new GroupVersionKind("policy", "v1", "Eviction");
                    default -> new GroupVersionKind("authentication.k8s.io", "v1", "TokenRequest");
                };
                String def = OpenApiDocuments.kindDefinitionName(g);
                ops.put("post", new Op("post", "create" + idSub, "create " + sub + " of " + article(kind), tag,
                        "post", g, WRITE_PARAMS, Body.OBJECT, def, List.of("200", "201", "202", "401"), def, false,
                        false));
            }
            case "log" -> ops.put("get", new Op("get", "read" + idSub, "read log of the specified " + kind, tag,
                    "get", gvk, LOG_PARAMS, Body.NONE, null, List.of("200", "401"), null, false, true));
            case "exec", "attach", "portforward", "proxy" -> {
                List<Param> params = switch (sub) {
                    case "exec" -> EXEC_PARAMS;
                    case "attach" -> ATTACH_PARAMS;
                    case "portforward" -> List.of(Param.query("ports", "integer",
                            "List of ports to forward Required when using WebSockets"));
                    default -> List.of(Param.query("path", "string", "Path is the URL path to use for the "
                            + "current proxy request to pod."));
                };
                GroupVersionKind opts = new GroupVersionKind(gvk.group(), gvk.version(),
                        kind + capitalize(sub.equals("portforward") ? "PortForward" : sub) + "Options");
                for (String m : sub.equals("proxy") ? List.of("get", "post", "put", "patch", "delete")
                        : List.of("get", "post")) {
                    ops.put(m, new Op(m, "connect" + capitalize(m) + idSub, "connect " + m.toUpperCase(Locale.ROOT)
                            + " requests to " + sub + " of " + kind, tag, "connect", opts, params, Body.NONE, null,
                            List.of("200", "401"), null, false, true));
                }
                if (sub.equals("proxy")) {
                    String withPath = path + "/{path}";
                    List<Param> pp = new ArrayList<>(itemParams);
                    pp.add(Param.path("path", "path to the resource"));
                    Map<String, Op> pops = new LinkedHashMap<>();
                    for (Map.Entry<String, Op> e : ops.entrySet()) {
                        Op o = e.getValue();
                        pops.put(e.getKey(), new Op(o.method(), o.operationId() + "WithPath", o.description(), tag,
                                "connect", o.gvk(), List.of(), Body.NONE, null, o.responseCodes(), null, false, true));
                    }
                    out.put(withPath, new PathItem(withPath, pp, pops));
                }
            }
            case "finalize" -> ops.put("put", new Op("put", "replace" + idSub, "replace finalize of the specified "
                    + kind, tag, "put", gvk, WRITE_PARAMS, Body.OBJECT, kindDef, List.of("200", "201", "401"),
                    kindDef, false, false));
            default -> readWrite(ops, idSub, sub + " of the specified " + kind, tag, gvk, kindDef);
        }
        List<Param> params = new ArrayList<>(itemParams);
        if (sub.equals("log") || sub.equals("exec") || sub.equals("attach") || sub.equals("portforward")
                || sub.equals("proxy")) {
            params.remove(PRETTY);
            if (sub.equals("log")) {
                params.add(PRETTY);
            }
        }
        out.put(path, new PathItem(path, params, ops));
    }

    private static void readWrite(Map<String, Op> ops, String idSub, String what, String tag, GroupVersionKind gvk,
                                  String def) {
        ops.put("get", new Op("get", "read" + idSub, "read " + what, tag, "get", gvk, List.of(), Body.NONE, null,
                List.of("200", "401"), def, false, false));
        ops.put("put", new Op("put", "replace" + idSub, "replace " + what, tag, "put", gvk, WRITE_PARAMS,
                Body.OBJECT, def, List.of("200", "201", "401"), def, false, false));
        ops.put("patch", new Op("patch", "patch" + idSub, "partially update " + what, tag, "patch", gvk,
                patchParams(), Body.PATCH, DefinitionNames.PATCH, List.of("200", "201", "401"), def, false, false));
    }

    private static String subresourceId(String sub) {
        return switch (sub) {
            case "ephemeralcontainers" -> "EphemeralContainers";
            case "portforward" -> "Portforward";
            default -> capitalize(sub);
        };
    }

    static final List<Param> LOG_PARAMS = List.of(
            Param.query("container", "string", "The container for which to stream logs. Defaults to only "
                    + "container if there is one container in the pod."),
            Param.query("follow", "boolean", "Follow the log stream of the pod. Defaults to false."),
            Param.query("insecureSkipTLSVerifyBackend", "boolean", "insecureSkipTLSVerifyBackend indicates that "
                    + "the apiserver should not confirm the validity of the serving certificate of the backend."),
            Param.query("limitBytes", "integer", "If set, the number of bytes to read from the server before "
                    + "terminating the log output."),
            Param.query("previous", "boolean", "Return previous terminated container logs. Defaults to false."),
            Param.query("sinceSeconds", "integer", "A relative time in seconds before the current time from which "
                    + "to show logs."),
            Param.query("stream", "string", "Specify which container log stream to return to the client: "
                    + "All, Stdout or Stderr."),
            Param.query("tailLines", "integer", "If set, the number of lines from the end of the logs to show."),
            Param.query("timestamps", "boolean", "If true, add an RFC3339 or RFC3339Nano timestamp at the "
                    + "beginning of every line of log output. Defaults to false."));

    static final List<Param> ATTACH_PARAMS = List.of(
            Param.query("container", "string", "The container in which to execute the command."),
            Param.query("stderr", "boolean", "Redirect the standard error stream of the pod for this call."),
            Param.query("stdin", "boolean", "Redirect the standard input stream of the pod for this call."),
            Param.query("stdout", "boolean", "Redirect the standard output stream of the pod for this call."),
            Param.query("tty", "boolean", "TTY if true indicates that a tty will be allocated for the call."));

    static final List<Param> EXEC_PARAMS;

    static {
        List<Param> p = new ArrayList<>();
        p.add(Param.query("command", "string", "Command is the remote command to execute. argv array."));
        p.addAll(ATTACH_PARAMS);
        EXEC_PARAMS = List.copyOf(p);
    }

    private static List<Param> patchParams() {
        List<Param> p = new ArrayList<>(WRITE_PARAMS);
        p.add(FORCE);
        return p;
    }

    private static List<Param> concat(List<Param> a, List<Param> b) {
        List<Param> out = new ArrayList<>(a);
        out.addAll(b);
        return dedupe(out);
    }

    private static List<Param> dedupe(List<Param> params) {
        Map<String, Param> byName = new LinkedHashMap<>();
        for (Param p : params) {
            byName.putIfAbsent(p.in() + ":" + p.name(), p);
        }
        return List.copyOf(byName.values());
    }

    private static String article(String kind) {
        return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }
}
