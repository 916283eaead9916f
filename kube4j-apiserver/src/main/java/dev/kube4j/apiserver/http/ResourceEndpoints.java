package dev.kube4j.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.apiextensions.CustomResourceStrategy;
import dev.kube4j.api.protobuf.ProtobufDecoder;
import dev.kube4j.apimachinery.apply.ApplyConflictException;
import dev.kube4j.apimachinery.apply.FieldManager;
import dev.kube4j.apimachinery.apply.TypedValues;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.auth.AccessReviews;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.DeleteOptions;
import dev.kube4j.apiserver.policy.PodEviction;
import dev.kube4j.apiserver.registry.DeleteOutcome;
import dev.kube4j.apiserver.registry.FieldManagers;
import dev.kube4j.apiserver.registry.FieldOwner;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ListOperation;
import dev.kube4j.apiserver.registry.ListOptions;
import dev.kube4j.apiserver.registry.ListResult;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apiserver.registry.ObjectFilter;
import dev.kube4j.apiserver.registry.PatchOperation;
import dev.kube4j.apiserver.registry.ResourceRegistry;
import dev.kube4j.apiserver.registry.ScaleSubresource;
import dev.kube4j.apiserver.table.TableConverter;
import dev.kube4j.apiserver.watch.CachedObject;

import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The REST verbs on resources and their subresources, mapped onto the generic registry. */
public final class ResourceEndpoints {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> OBJECT_TRANSFORMS = Set.of(
            "Table;meta.k8s.io;v1", "Table;meta.k8s.io;v1beta1",
            "PartialObjectMetadata;meta.k8s.io;v1", "PartialObjectMetadata;meta.k8s.io;v1beta1");
    private static final Set<String> LIST_TRANSFORMS = Set.of(
            "Table;meta.k8s.io;v1", "Table;meta.k8s.io;v1beta1",
            "PartialObjectMetadataList;meta.k8s.io;v1", "PartialObjectMetadataList;meta.k8s.io;v1beta1");

    /**
     * Kinds whose upstream storage sets ReturnDeletedObject: an immediate delete answers the object.
     * Every other kind answers a Success Status naming what was deleted.
     */
    private static final Set<String> RETURNS_DELETED_OBJECT = Set.of("/pods", "/services", "/serviceaccounts",
            "/namespaces", "/persistentvolumes", "/persistentvolumeclaims", "/resourcequotas");

    private final ResourceRegistry resources;
    private final GenericRegistry registry;
    private final ListOperation lists;
    private final WatchStreamer watches;
    private final FieldValidation fieldValidation;
    private final AccessReviews reviews;
    private final PodEviction eviction;

    public ResourceEndpoints(ResourceRegistry resources, GenericRegistry registry, ListOperation lists,
                             WatchStreamer watches, FieldValidation fieldValidation, AccessReviews reviews, PodEviction eviction) {
        this.resources = resources;
        this.registry = registry;
        this.lists = lists;
        this.watches = watches;
        this.fieldValidation = fieldValidation;
        this.reviews = reviews;
        this.eviction = eviction;
    }

    public ApiResource resolve(RequestInfo info) {
        return resources.find(info.group(), info.version(), info.resource())
                .orElseThrow(ApiException::pathNotFound);
    }

    public void handle(HttpExchange ex, RequestInfo info, ApiResource r, UserInfo user) throws Exception {
        String ns = info.namespace();
        String sub = info.subresource();
        if (r.def().namespaced() && ns.isEmpty() && !info.name().isEmpty()) {
            throw ApiException.pathNotFound();
        }
        if (!r.def().namespaced()) {
            ns = "";
        }
        if (!sub.isEmpty() && !r.def().hasSubresource(sub)) {
            throw ApiException.pathNotFound();
        }
        if (sub.isEmpty() && !r.def().verbs().contains(info.verb())) {
            throw ApiException.methodNotSupported(r.group(), r.plural(), info.verb());
        }
        boolean dryRun = dryRun(ex, info.verb());
        switch (sub) {
            case "" -> handleMain(ex, info, r, ns, user, dryRun);
            case "scale" -> handleScale(ex, info, r, ns, user, dryRun);
            case "binding" -> handleBinding(ex, info, r, ns, user, dryRun);
            case "eviction" -> handleEviction(ex, info, r, ns, user, dryRun);
            default -> handleStatusLike(ex, info, r, ns, sub, user, dryRun);
        }
    }

    private void handleMain(HttpExchange ex, RequestInfo info, ApiResource r, String ns, UserInfo user,
                            boolean dryRun) throws Exception {
        switch (info.verb()) {
            case "get" -> {
                MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS);
                sendObject(ex, 200, r, registry.get(r, ns, info.name()), t);
            }
            case "list" -> {
                MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), LIST_TRANSFORMS);
                sendList(ex, r, lists.list(r, ns, listOptions(ex)), t);
            }
            case "watch" -> {
                if ("websocket".equalsIgnoreCase(ex.header("Upgrade"))) {
                    watchOverWebSocket(ex, r, ns, info.name());
                    return;
                }
                MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS);
                watches.stream(ex, r, ns, info.name(), listOptions(ex), t,
                        TableConverter.includeObject(ex.query("includeObject")));
            }
            case "create" -> {
                if (r.def().namespaced() && ns.isEmpty()) {
                    throw ApiException.pathNotFound();
                }
                if (!info.name().isEmpty()) {
                    throw ApiException.methodNotAllowed(); // upstream registers no POST on an object path
                }
                if (r.strategy() instanceof CustomResourceStrategy cr && cr.terminating()) {
                    throw new ApiException(405, "MethodNotAllowed",
                            "create not allowed while custom resource definition is terminating", null);
                }
                ObjectNode obj = readObject(ex, r);
                if (reviews.handles(r)) {
                    sendObject(ex, 201, r, reviews.create(r, ns, obj, user), MediaTarget.negotiate(ex.header("Accept"), Set.of()));
                    return;
                }
                ObjectNode created = registry.create(r, ns, obj, user, dryRun, owner(ex, "CreateOptions"));
                sendObject(ex, 201, r, created, MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS));
            }
            case "update" -> {
                if (info.name().isEmpty()) {
                    throw ApiException.methodNotAllowed(); // no PUT on a collection path
                }
                ObjectNode obj = readObject(ex, r);
                var outcome = registry.update(r, ns, info.name(), "", obj, user, dryRun, owner(ex, "UpdateOptions"));
                sendObject(ex, outcome.created() ? 201 : 200, r, outcome, MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS));
            }
            case "patch" -> {
                if (info.name().isEmpty()) {
                    throw ApiException.methodNotAllowed(); // no PATCH on a collection path
                }
                var outcome = patch(ex, r, ns, info.name(), "", user, dryRun);
                sendObject(ex, outcome.created() ? 201 : 200, r, outcome, MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS));
            }
            case "delete" -> {
                byte[] body = ex.body();
                DeleteOutcome out = registry.delete(r, ns, info.name(), deleteOptions(ex, body, dryRun), user);
                // Upstream answers 200 even when finalizers or a grace period keep the object, and 202
                // only then if the client explicitly set orphanDependents=false.
                int code = !out.removed() && orphanDependentsFalse(ex, body) ? 202 : 200;
                if (out.removed() && !RETURNS_DELETED_OBJECT.contains(r.group() + "/" + r.plural())) {
                    ex.sendJson(code, deletedStatus(r, out.object()), MediaTarget.negotiate(ex.header("Accept"), Set.of()));
                } else {
                    sendObject(ex, code, r, out.object(), MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS));
                }
            }
            case "deletecollection" -> {
                DeleteOptions opts = deleteOptions(ex, ex.body(), dryRun);
                ListOptions lo = listOptions(ex);
                ListResult all = lists.list(r, ns, new ListOptions(lo.labelSelector(), lo.fieldSelector(), 0, "",
                        "", "", false, false, 0, null));
                ObjectNode list = listObject(r, all);
                var items = list.putArray("items");
                for (CachedObject c : all.items()) {
                    String name = c.object().path("metadata").path("name").asText();
                    String itemNs = c.object().path("metadata").path("namespace").asText("");
                    try {
                        items.add(registry.delete(r, itemNs, name, opts, user).object());
                    } catch (ApiException e) {
                        if (e.code() != 404) {
                            throw e;
                        }
                    }
                }
                ex.sendJson(200, list, MediaTarget.negotiate(ex.header("Accept"), Set.of()));
            }
            default -> throw ApiException.methodNotSupported(r.group(), r.plural(), info.verb());
        }
    }

    /** Upgrades to WebSocket and streams the watch as one text message per event. */
    private void watchOverWebSocket(HttpExchange ex, ApiResource r, String ns, String name) {
        ListOptions options = listOptions(ex);
        MediaTarget target = MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS);
        TableConverter.IncludeObject include = TableConverter.includeObject(ex.query("includeObject"));
        ObjectFilter.of(r, options.labelSelector(), options.fieldSelector()); // bad selectors fail before upgrading
        var container = ServerWebSocketContainer.get(ex.request().getContext());
        boolean upgraded = ex.upgrade(callback -> container.upgrade((req, resp, cb) -> {
            // No permessage-deflate (as upstream's API server): compressing every event costs both
            // ends CPU on what is nearly always a local or datacentre link.
            resp.setExtensions(List.of());
            return new WebSocketWatch(sink -> watches.stream(sink, r, ns, name, options, target, include));
        }, ex.request(), ex.response(), callback));
        if (!upgraded) {
            throw ApiException.badRequest("the WebSocket upgrade request is invalid");
        }
    }

    /** status, finalize and other subresources that are a view of the whole object. */
    private void handleStatusLike(HttpExchange ex, RequestInfo info, ApiResource r, String ns, String sub,
                                  UserInfo user, boolean dryRun) throws Exception {
        MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), OBJECT_TRANSFORMS);
        switch (info.verb()) {
            case "get" -> sendObject(ex, 200, r, registry.get(r, ns, info.name()), t);
            case "update" -> {
                ObjectNode obj = readObject(ex, r);
                sendObject(ex, 200, r, registry.update(r, ns, info.name(), sub, obj, user, dryRun, owner(ex, "UpdateOptions")), t);
            }
            case "patch" -> sendObject(ex, 200, r, patch(ex, r, ns, info.name(), sub, user, dryRun), t);
            default -> throw ApiException.methodNotSupported(r.group(), r.plural() + "/" + sub, info.verb());
        }
    }

    private void handleScale(HttpExchange ex, RequestInfo info, ApiResource r, String ns, UserInfo user,
                             boolean dryRun) {
        MediaTarget t = MediaTarget.negotiate(ex.header("Accept"), Set.of());
        switch (info.verb()) {
            case "get" -> ex.sendJson(200, ScaleSubresource.toScale(r, registry.get(r, ns, info.name())), t);
            case "update" -> {
                ObjectNode scale = decodeBody(ex, ex.body());
                ObjectNode updated = registry.guaranteedUpdate(r, ns, info.name(), "", user, dryRun,
                        !scale.path("metadata").path("resourceVersion").asText("").isEmpty(),
                        scaleOwner(ex, "UpdateOptions"), w -> ScaleSubresource.applyScale(r, w, scale));
                ex.sendJson(200, ScaleSubresource.toScale(r, updated), t);
            }
            case "patch" -> {
                PatchOperation op = PatchOperation.parse(ex.contentType(), ex.body(), true);
                if (op.isApply()) {
                    throw ApiException.unsupportedMediaType(PatchOperation.APPLY_PATCH);
                }
                FieldManagers.validateForceOnlyForApply(ex.hasQuery("force"));
                ObjectNode updated = registry.guaranteedUpdate(r, ns, info.name(), "", user, dryRun, false,
                        scaleOwner(ex, "PatchOptions"), w -> {
                    ObjectNode scale = ScaleSubresource.toScale(r, w);
                    ObjectNode patchedScale = op.apply(scaleResource(), scale);
                    return ScaleSubresource.applyScale(r, w, patchedScale);
                });
                ex.sendJson(200, ScaleSubresource.toScale(r, updated), t);
            }
            default -> throw ApiException.methodNotSupported(r.group(), r.plural() + "/scale", info.verb());
        }
    }

    /** The Scale kind, for patching Scale objects with the right patch schema. */
    private static ApiResource scaleResource() {
        return new ApiResource(new dev.kube4j.apimachinery.meta.ResourceDefinition(
                new dev.kube4j.apimachinery.meta.GroupVersionKind("autoscaling", "v1", "Scale"), "scale", "scale",
                true, List.of(), List.of(), Set.of(), Set.of(), "scale"), null);
    }

    private void handleBinding(HttpExchange ex, RequestInfo info, ApiResource r, String ns, UserInfo user,
                               boolean dryRun) {
        if (!info.verb().equals("create")) {
            throw ApiException.methodNotSupported(r.group(), r.plural() + "/binding", info.verb());
        }
        ObjectNode binding = decodeBody(ex, ex.body());
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw ApiException.invalid("", "Binding", info.name(), List.of(
                    dev.kube4j.apimachinery.validation.FieldError.required("target.name", "")));
        }
        registry.guaranteedUpdate(r, ns, info.name(), "binding", user, dryRun, false, pod -> {
            String current = pod.path("spec").path("nodeName").asText("");
            if (!current.isEmpty()) {
                throw ApiException.conflict("", "pods/binding", info.name(),
                        "pod " + info.name() + " is already assigned to node \"" + current + "\"");
            }
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                throw ApiException.conflict("", "pods/binding", info.name(), "pod " + info.name() + " is being deleted, cannot be assigned to a host");
            }
            pod.with("spec").put("nodeName", node);
            var annotations = binding.path("metadata").path("annotations");
            if (annotations.isObject()) {
                pod.with("metadata").with("annotations").setAll((ObjectNode) annotations);
            }
            setPodScheduled(pod);
            return pod;
        });
        sendCreatedStatus(ex);
    }

    /** A 201 Success Status: what upstream answers a binding or an eviction. */
    private static void sendCreatedStatus(HttpExchange ex) {
        ObjectNode status = F.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        ex.sendJson(201, status, MediaTarget.negotiate(ex.header("Accept"), Set.of()));
    }

    /** POST pods/{name}/eviction with a policy/v1 Eviction: a delete that honours PodDisruptionBudgets. */
    private void handleEviction(HttpExchange ex, RequestInfo info, ApiResource r, String ns, UserInfo user,
                                boolean dryRun) throws Exception {
        if (!info.verb().equals("create")) {
            throw ApiException.methodNotSupported(r.group(), r.plural() + "/eviction", info.verb());
        }
        ObjectNode body = decodeBody(ex, ex.body());
        JsonNode opts = body.path("deleteOptions");
        byte[] optsBytes = opts.isObject() ? dev.kube4j.apiserver.registry.ObjectCodec.JSON.writeValueAsBytes(opts) : new byte[0];
        eviction.evict(r, ns, info.name(), body, deleteOptions(ex, optsBytes, dryRun), user);
        sendCreatedStatus(ex);
    }

    /**
     * Marks the pod's PodScheduled condition True, as upstream's UpdatePodCondition on binding: the
     * condition is replaced, so an earlier reason ("SchedulingGated", "Unschedulable") and its
     * message go with it.
     */
    private static void setPodScheduled(ObjectNode pod) {
        var conditions = pod.with("status").withArray("conditions");
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals("PodScheduled")) {
                ObjectNode condition = (ObjectNode) c;
                if (!condition.path("status").asText().equals("True")) {
                    condition.put("status", "True");
                    condition.put("lastTransitionTime", dev.kube4j.apiserver.registry.ObjectMetaOps.now());
                }
                condition.remove("reason");
                condition.remove("message");
                return;
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("type", "PodScheduled");
        c.put("status", "True");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", dev.kube4j.apiserver.registry.ObjectMetaOps.now());
    }

    /** The manager of a create, update or patch; {@code optionsKind} names upstream's options type in errors. */
    private static FieldOwner owner(HttpExchange ex, String optionsKind) {
        return FieldOwner.of(FieldManagers.managerOf(ex.query("fieldManager"), ex.header("User-Agent"), optionsKind));
    }

    /** Writes through /scale change the main object but are recorded with subresource scale. */
    private static FieldOwner scaleOwner(HttpExchange ex, String optionsKind) {
        return new FieldOwner(owner(ex, optionsKind).manager(), "scale");
    }

    /** Patches; the outcome says whether the patch created the object (an apply of a missing one). */
    private GenericRegistry.UpdateOutcome patch(HttpExchange ex, ApiResource r, String ns, String name, String sub, UserInfo user,
                          boolean dryRun) {
        byte[] body = ex.body();
        PatchOperation op = PatchOperation.parse(ex.contentType(), body, isBuiltIn(r));
        if (op.isApply()) {
            return apply(ex, r, ns, name, sub, user, dryRun, (ObjectNode) op.body(), body);
        }
        FieldManagers.validateForceOnlyForApply(ex.hasQuery("force"));
        FieldOwner owner = owner(ex, "PatchOptions");
        JsonNode rv = op.body().path("metadata").path("resourceVersion");
        boolean pinned = rv.isTextual() && !rv.asText().isEmpty();
        return registry.guaranteedUpdateOutcome(r, ns, name, sub, user, dryRun, pinned, owner, current -> {
            ObjectNode patched = op.apply(r, current);
            fieldValidation.checkPatch(ex, r, body, ex.contentType().equals(PatchOperation.JSON_PATCH), patched);
            String patchedRv = patched.path("metadata").path("resourceVersion").asText("");
            if (pinned && !patchedRv.equals(current.path("metadata").path("resourceVersion").asText())) {
                throw ApiException.modified(r.group(), r.plural(), name);
            }
            return patched;
        });
    }

    /**
     * Server-side apply: merges the configuration as its manager, creating the object when it
     * does not exist (not through a subresource), as upstream's applyPatcher.
     */
    private GenericRegistry.UpdateOutcome apply(HttpExchange ex, ApiResource r, String ns, String name, String sub,
                                                UserInfo user, boolean dryRun, ObjectNode config, byte[] body) {
        String manager = ex.query("fieldManager");
        FieldManagers.validateApply(manager);
        boolean force = ex.queryFlag("force");
        ApplyRequest.check(r, ns, name, config);
        // Raw JSON bodies keep their duplicate fields for the check; YAML ones are checked as parsed.
        fieldValidation.checkBody(ex, r, PatchOperation.looksLikeJson(body) ? body : jsonBytes(config));
        FieldManager fm = FieldManagers.of(r, sub);
        try {
            if (registry.find(r, ns, name).isEmpty() && sub.isEmpty()) {
                ObjectNode created = fm.apply(ApplyRequest.emptyObject(r, ns, name), config, manager, force).object();
                ApplyRequest.identify(r, ns, name, created);
                return new GenericRegistry.UpdateOutcome(registry.create(r, ns, created, user, dryRun, null), true);
            }
            return registry.guaranteedUpdateOutcome(r, ns, name, sub, user, dryRun, false, null,
                    current -> fm.apply(current, config, manager, force).object());
        } catch (ApplyConflictException e) {
            throw FieldManagers.conflict(e);
        } catch (TypedValues.InvalidValueException e) {
            throw ApplyRequest.invalidConfiguration(r, ns, name, e);
        }
    }

    private static byte[] jsonBytes(JsonNode node) {
        try {
            return ObjectCodec.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Strategic merge patch needs Go struct tags: custom resources do not have them, as upstream. */
    private static boolean isBuiltIn(ApiResource r) {
        return !(r.strategy() instanceof CustomResourceStrategy);
    }

    private ObjectNode readObject(HttpExchange ex, ApiResource r) throws IOException {
        byte[] body = ex.body();
        if (!isProtobuf(ex) && !isYaml(ex) && isJsonOrUnset(ex)) {
            // The common case: one parse, then unknown fields checked on the tree. Bodies that
            // repeat a field take the slower path below, which reports duplicates as upstream.
            ObjectNode obj = ObjectCodec.parseJsonUnlessDuplicates(body, r.kind());
            if (obj != null) {
                fieldValidation.checkTree(ex, r, obj);
                return obj;
            }
        }
        ObjectNode obj = decodeBody(ex, body, r.kind());
        if (!isProtobuf(ex)) {
            // Protobuf cannot carry unknown or duplicate fields; JSON and YAML can.
            fieldValidation.checkBody(ex, r, isYaml(ex) ? ObjectCodec.JSON.writeValueAsBytes(obj) : body);
        }
        return obj;
    }

    /** A request body in any of the media types kubectl and client libraries send. */
    private static ObjectNode decodeBody(HttpExchange ex, byte[] body) {
        return decodeBody(ex, body, null);
    }

    /** @param kind the kind the body must be, for upstream's wording of a body that does not parse */
    private static ObjectNode decodeBody(HttpExchange ex, byte[] body, String kind) {
        String ct = ex.contentType();
        if (isProtobuf(ex)) {
            return ProtobufDecoder.decode(body);
        }
        if (!ct.isEmpty() && !isYaml(ex) && !ct.equals("application/json") && !ct.equals("*/*")) {
            throw ApiException.unsupportedMediaType(ct);
        }
        return ObjectCodec.parseBody(body, isYaml(ex), kind);
    }

    private static boolean isJsonOrUnset(HttpExchange ex) {
        String ct = ex.contentType();
        return ct.isEmpty() || ct.equals("application/json") || ct.equals("*/*");
    }

    private static boolean isProtobuf(HttpExchange ex) {
        return ex.contentType().equals("application/vnd.kubernetes.protobuf");
    }

    private static boolean isYaml(HttpExchange ex) {
        String ct = ex.contentType();
        return ct.equals("application/yaml") || ct.equals("application/x-yaml") || ct.equals("text/yaml");
    }

    /**
     * The dryRun query parameter of a write. Upstream validates it with the verb's options kind and
     * answers a 422 on CreateOptions/UpdateOptions/PatchOptions/DeleteOptions.meta.k8s.io.
     */
    private static boolean dryRun(HttpExchange ex, String verb) {
        String optionsKind = switch (verb) {
            case "create" -> "CreateOptions";
            case "update" -> "UpdateOptions";
            case "patch" -> "PatchOptions";
            case "delete", "deletecollection" -> "DeleteOptions";
            default -> null;
        };
        String v = ex.query("dryRun");
        if (optionsKind == null || v.isEmpty()) {
            return false;
        }
        checkDryRun(optionsKind, v);
        return true;
    }

    private static void checkDryRun(String optionsKind, String value) {
        if (!value.equals("All")) {
            throw ApiException.invalid("meta.k8s.io", optionsKind, "", List.of(
                    dev.kube4j.apimachinery.validation.FieldError.notSupported("dryRun", new GoStrings(List.of(value)), List.of("All"))));
        }
    }

    /** A []string rendered as Go's %#v, the way upstream field errors print slice values. */
    private record GoStrings(List<String> values) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("[]string{");
            for (int i = 0; i < values.size(); i++) {
                b.append(i == 0 ? "" : ", ").append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return b.append('}').toString();
        }
    }

    static ListOptions listOptions(HttpExchange ex) {
        long limit = ex.queryLong("limit", 0);
        if (limit < 0) {
            throw ApiException.badRequest("limit must not be negative");
        }
        Boolean sendInitialEvents = ex.hasQuery("sendInitialEvents") ? ex.queryFlag("sendInitialEvents") : null;
        return new ListOptions(ex.query("labelSelector"), ex.query("fieldSelector"), limit, ex.query("continue"),
                ex.query("resourceVersion"), ex.query("resourceVersionMatch"), ex.queryFlag("watch"),
                ex.queryFlag("allowWatchBookmarks"), ex.queryLong("timeoutSeconds", 0), sendInitialEvents);
    }

    /**
     * The deleted object's identity, as upstream's generic store answers an immediate delete of a
     * kind whose storage does not set ReturnDeletedObject (ConfigMap, Secret, Deployment …).
     */
    private static ObjectNode deletedStatus(ApiResource r, ObjectNode deleted) {
        ObjectNode status = F.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", deleted.path("metadata").path("name").asText());
        if (!r.group().isEmpty()) {
            details.put("group", r.group());
        }
        details.put("kind", r.plural());
        details.put("uid", deleted.path("metadata").path("uid").asText());
        return status;
    }

    private static boolean orphanDependentsFalse(HttpExchange ex, byte[] body) {
        if (ex.hasQuery("orphanDependents") && !ex.queryFlag("orphanDependents")) {
            return true;
        }
        if (body.length == 0) {
            return false;
        }
        JsonNode orphan = decodeBody(ex, body).path("orphanDependents");
        return orphan.isBoolean() && !orphan.asBoolean();
    }

    private static DeleteOptions deleteOptions(HttpExchange ex, byte[] body, boolean dryRun) {
        Long grace = ex.hasQuery("gracePeriodSeconds") ? ex.queryLong("gracePeriodSeconds", 0) : null;
        String policy = ex.query("propagationPolicy");
        String uid = null;
        String rv = null;
        boolean bodyDryRun = false;
        if (body.length > 0) {
            ObjectNode opts = decodeBody(ex, body);
            if (opts.hasNonNull("gracePeriodSeconds")) {
                grace = opts.get("gracePeriodSeconds").asLong();
            }
            if (opts.hasNonNull("propagationPolicy")) {
                policy = opts.get("propagationPolicy").asText();
            }
            if (opts.path("orphanDependents").asBoolean(false) && policy.isEmpty()) {
                policy = "Orphan";
            }
            JsonNode pre = opts.path("preconditions");
            if (pre.hasNonNull("uid")) {
                uid = pre.get("uid").asText();
            }
            if (pre.hasNonNull("resourceVersion")) {
                rv = pre.get("resourceVersion").asText();
            }
            for (JsonNode d : opts.path("dryRun")) {
                checkDryRun("DeleteOptions", d.asText());
                bodyDryRun = true;
            }
        }
        if (!policy.isEmpty() && !Set.of("Orphan", "Background", "Foreground").contains(policy)) {
            throw ApiException.invalid("", "DeleteOptions", "", List.of(dev.kube4j.apimachinery.validation.FieldError
                    .notSupported("propagationPolicy", policy, List.of("Foreground", "Background", "Orphan"))));
        }
        return new DeleteOptions(grace, uid, rv, policy.isEmpty() ? null : policy, dryRun || bodyDryRun);
    }

    /** An update's object: plain JSON straight from the bytes just stored, when the registry has them. */
    private void sendObject(HttpExchange ex, int code, ApiResource r, GenericRegistry.UpdateOutcome outcome, MediaTarget t) {
        if (outcome.json() != null && !t.yaml() && t.as().isEmpty()) {
            ex.send(code, t.contentType(), outcome.json());
        } else {
            sendObject(ex, code, r, outcome.object(), t);
        }
    }

    private void sendObject(HttpExchange ex, int code, ApiResource r, ObjectNode obj, MediaTarget t) {
        switch (t.as()) {
            case "Table" -> ex.sendJson(code, TableConverter.table(r.strategy(), List.of(obj), null,
                    TableConverter.includeObject(ex.query("includeObject")), t.version(), false), t);
            case "PartialObjectMetadata" -> ex.sendJson(code, TableConverter.partialMetadata(obj, t.version()), t);
            default -> ex.sendJson(code, obj, t);
        }
    }

    private void sendList(HttpExchange ex, ApiResource r, ListResult result, MediaTarget t) {
        ObjectNode meta = F.objectNode();
        meta.put("resourceVersion", Long.toString(result.revision()));
        if (!result.continueToken().isEmpty()) {
            meta.put("continue", result.continueToken());
            if (result.remainingItemCount() >= 0) {
                meta.put("remainingItemCount", result.remainingItemCount());
            }
        }
        // Parsed trees only when the answer needs them (tables, metadata, YAML, another version):
        // a plain JSON list is written straight from the cached bytes.
        java.util.function.Supplier<List<ObjectNode>> parsed = () -> {
            List<ObjectNode> objects = new ArrayList<>(result.items().size());
            result.items().forEach(c -> objects.add(r.served(c.object())));
            return objects;
        };
        switch (t.as()) {
            case "Table" -> ex.sendJson(200, TableConverter.table(r.strategy(), parsed.get(), meta,
                    TableConverter.includeObject(ex.query("includeObject")), t.version(), false), t);
            case "PartialObjectMetadataList" -> {
                ObjectNode list = F.objectNode();
                list.put("kind", "PartialObjectMetadataList");
                list.put("apiVersion", "meta.k8s.io/" + t.version());
                list.set("metadata", meta);
                var items = list.putArray("items");
                parsed.get().forEach(o -> items.add(TableConverter.partialMetadata(o, t.version())));
                ex.sendJson(200, list, t);
            }
            default -> {
                if (t.yaml() || r.converts()) {
                    ObjectNode list = F.objectNode();
                    list.put("kind", r.def().listKind());
                    list.put("apiVersion", r.def().gvk().apiVersion());
                    list.set("metadata", meta);
                    var items = list.putArray("items");
                    parsed.get().forEach(items::add);
                    ex.sendJson(200, list, t);
                } else {
                    ex.send(200, t.contentType(), jsonList(r, meta, result.items()));
                }
            }
        }
    }

    /** A JSON list assembled from the items' cached encodings: no per-request re-serialization. */
    private static byte[] jsonList(ApiResource r, ObjectNode meta, List<CachedObject> items) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 + items.size() * 1024);
            out.write(("{\"kind\":\"" + r.def().listKind() + "\",\"apiVersion\":\"" + r.def().gvk().apiVersion()
                    + "\",\"metadata\":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(ObjectCodec.JSON.writeValueAsBytes(meta));
            out.write(",\"items\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(items.get(i).jsonBytes());
            }
            out.write("]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode listObject(ApiResource r, ListResult result) {
        ObjectNode list = F.objectNode();
        list.put("kind", r.def().listKind());
        list.put("apiVersion", r.def().gvk().apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(result.revision()));
        return list;
    }
}
