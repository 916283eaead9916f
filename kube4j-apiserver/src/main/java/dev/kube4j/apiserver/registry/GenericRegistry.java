package dev.kube4j.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apiserver.admission.AdmissionChain;
import dev.kube4j.apiserver.admission.AdmissionRequest;
import dev.kube4j.apiserver.admission.AdmissionRequest.Operation;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.watch.ResourceVersionStamp;
import dev.kube4j.apiserver.watch.WatchCache;
import dev.kube4j.store.ConflictException;
import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyNotFoundException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The generic create/get/update/delete logic every resource shares, as upstream's
 * registry/generic Store: system metadata, admission, the kind's strategy, optimistic
 * concurrency on resourceVersion, finalizers and graceful deletion. Lists and watches are in
 * {@link ListOperation}.
 */
public final class GenericRegistry {

    private static final int MAX_UPDATE_ATTEMPTS = 16;

    private final Store store;
    private final WatchCache cache;
    private final AdmissionChain admission;
    /** Per "group/plural" (core group: "/services"). */
    private final Map<String, WriteHooks> hooks;

    public GenericRegistry(Store store, WatchCache cache, AdmissionChain admission) {
        this(store, cache, admission, Map.of());
    }

    public GenericRegistry(Store store, WatchCache cache, AdmissionChain admission, Map<String, WriteHooks> hooks) {
        this.store = store;
        this.cache = cache;
        this.admission = admission;
        this.hooks = Map.copyOf(hooks);
    }

    private WriteHooks hooks(ApiResource r) {
        return hooks.getOrDefault(r.group() + "/" + r.plural(), WriteHooks.NONE);
    }

    public Store store() {
        return store;
    }

    public WatchCache cache() {
        return cache;
    }

    // ---- get ----

    public ObjectNode get(ApiResource r, String ns, String name) {
        return find(r, ns, name).orElseThrow(() -> ApiException.notFound(r.group(), r.plural(), name));
    }

    public Optional<ObjectNode> find(ApiResource r, String ns, String name) {
        return store.get(r.key(ns, name)).map(kv -> r.served(ObjectCodec.decodeStored(kv.value(), kv.modRevision())));
    }

    // ---- create ----

    public ObjectNode create(ApiResource r, String ns, ObjectNode obj, UserInfo user, boolean dryRun) {
        return create(r, ns, obj, user, dryRun, null);
    }

    /**
     * Creates the object; {@code owner} is recorded in its managed fields (null: the caller
     * recorded them already, as an apply does, or the write is the server's own).
     */
    public ObjectNode create(ApiResource r, String ns, ObjectNode obj, UserInfo user, boolean dryRun, FieldOwner owner) {
        checkTypeMeta(r, obj);
        ObjectNode meta = ObjectCodec.metadata(obj);
        checkNamespace(r, ns, meta);
        if (!meta.path("resourceVersion").asText("").isEmpty()) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        String name = meta.path("name").asText("");
        if (name.isEmpty() && !meta.path("generateName").asText("").isEmpty()) {
            name = ObjectMetaOps.generateName(meta.path("generateName").asText());
            meta.put("name", name);
        }
        meta.put("uid", ObjectMetaOps.newUid());
        meta.put("creationTimestamp", ObjectMetaOps.now());
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        if (obj.has("spec")) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        r.strategy().applyDefaults(obj);
        if (owner != null) {
            FieldManagers.of(r, owner.subresource()).update(null, obj, owner.manager());
        }
        r.strategy().prepareForCreate(obj);
        AdmissionRequest request = new AdmissionRequest(Operation.CREATE, r, "", ns, name, obj, null, user, dryRun);
        admission.admit(request);
        validate(r, name, r.strategy().validate(obj));
        admission.validate(request);
        WriteHooks.Finish finish = hooks(r).beginCreate(obj, dryRun);
        boolean written = false;
        try {
            if (dryRun) {
                if (find(r, ns, name).isPresent()) {
                    throw ApiException.alreadyExists(r.group(), r.plural(), name);
                }
                written = true;
                return obj;
            }
            KeyValue kv = store.create(r.key(ns, name), ObjectCodec.encodeForStorage(r.forStorage(obj)));
            meta.put("resourceVersion", Long.toString(kv.modRevision()));
            written = true;
            return obj;
        } catch (KeyExistsException e) {
            throw ApiException.alreadyExists(r.group(), r.plural(), name);
        } finally {
            finish.finish(written);
        }
    }

    // ---- update ----

    /**
     * Result of an update: the stored object, whether the update created it, and — when a write
     * stored it in the version it is served in — its JSON as served (the stored bytes with the new
     * resourceVersion), so a JSON response need not encode the object a second time; else null.
     */
    public record UpdateOutcome(ObjectNode object, boolean created, byte[] json) {
        public UpdateOutcome(ObjectNode object, boolean created) {
            this(object, created, null);
        }
    }

    /** An object as written, with its served JSON when {@link UpdateOutcome#json()} would have it. */
    private record Written(ObjectNode object, byte[] json) {
    }

    /**
     * PUT of the main resource or of a subresource ("status", "finalize"). Creates when the
     * object is missing and the kind allows create-on-update.
     */
    public UpdateOutcome update(ApiResource r, String ns, String name, String subresource, ObjectNode obj,
                                UserInfo user, boolean dryRun) {
        return update(r, ns, name, subresource, obj, user, dryRun, null);
    }

    /** As {@link #update(ApiResource, String, String, String, ObjectNode, UserInfo, boolean)}, recording {@code owner}. */
    public UpdateOutcome update(ApiResource r, String ns, String name, String subresource, ObjectNode obj,
                                UserInfo user, boolean dryRun, FieldOwner owner) {
        checkTypeMeta(r, obj);
        ObjectNode meta = ObjectCodec.metadata(obj);
        checkNamespace(r, ns, meta);
        String bodyName = meta.path("name").asText("");
        if (!bodyName.equals(name)) {
            if (bodyName.isEmpty()) {
                meta.put("name", name);
            } else {
                throw ApiException.badRequest("the name of the object (" + bodyName
                        + ") does not match the name on the URL (" + name + ")");
            }
        }
        String wantedRv = meta.path("resourceVersion").asText("");
        // A kind created by PUT is looked up in the store: a stale cached copy of a deleted object
        // would turn the create into "not found".
        Read current = dryRun || allowCreateOnUpdate(r) ? null : Read.cached(r, cache.get(r.key(ns, name)));
        if (current == null) {
            current = store.get(r.key(ns, name)).map(kv -> Read.stored(r, kv)).orElse(null);
        }
        if (current == null) {
            if (!subresource.isEmpty() || !allowCreateOnUpdate(r)) {
                throw ApiException.notFound(r.group(), r.plural(), name);
            }
            meta.remove("resourceVersion");
            return new UpdateOutcome(create(r, ns, obj, user, dryRun, owner), true);
        }
        Written written = write(r, ns, name, subresource, user, dryRun, !wantedRv.isEmpty(), owner, current,
                old -> {
                    if (!wantedRv.isEmpty() && !wantedRv.equals(old.path("metadata").path("resourceVersion").asText())) {
                        throw ApiException.modified(r.group(), r.plural(), name);
                    }
                    return obj.deepCopy();
                });
        return new UpdateOutcome(written.object(), false, written.json());
    }

    /**
     * Reads the current object, computes the new one with {@code mutate} and writes it with
     * compare-and-swap, retrying on a concurrent write unless the caller pinned a resourceVersion.
     */
    public ObjectNode guaranteedUpdate(ApiResource r, String ns, String name, String subresource, UserInfo user,
                                      boolean dryRun, boolean pinnedVersion, UnaryOperator<ObjectNode> mutate) {
        return guaranteedUpdate(r, ns, name, subresource, user, dryRun, pinnedVersion, null, mutate);
    }

    /**
     * As above, recording the write in the managed fields as {@code owner} (null: not
     * recorded — an apply records its own, the server's writes none).
     */
    public ObjectNode guaranteedUpdate(ApiResource r, String ns, String name, String subresource, UserInfo user,
                                      boolean dryRun, boolean pinnedVersion, FieldOwner owner,
                                      UnaryOperator<ObjectNode> mutate) {
        return guaranteedUpdateOutcome(r, ns, name, subresource, user, dryRun, pinnedVersion, owner, mutate).object();
    }

    /** As above, with the JSON just stored when it is what a plain JSON answer sends ({@link UpdateOutcome#json()}). */
    public UpdateOutcome guaranteedUpdateOutcome(ApiResource r, String ns, String name, String subresource, UserInfo user,
                                                 boolean dryRun, boolean pinnedVersion, FieldOwner owner,
                                                 UnaryOperator<ObjectNode> mutate) {
        Written written = write(r, ns, name, subresource, user, dryRun, pinnedVersion, owner, null, mutate);
        return new UpdateOutcome(written.object(), false, written.json());
    }

    /**
     * The object an update starts from. One from the watch cache may be stale (not {@code current}):
     * as upstream's GuaranteedUpdate with a cached object, a conflict, an error or a no-op computed
     * from it is decided again on the store's copy, so staleness costs a retry and never a wrong
     * answer, and the common case skips the store read.
     */
    private record Read(ObjectNode served, long modRevision, boolean current) {
        static Read stored(ApiResource r, KeyValue kv) {
            return new Read(r.served(ObjectCodec.decodeStored(kv.value(), kv.modRevision())), kv.modRevision(), true);
        }

        static Read cached(ApiResource r, dev.kube4j.apiserver.watch.CachedObject cached) {
            return cached == null ? null : new Read(r.served(cached.object()), cached.modRevision(), false);
        }
    }

    /**
     * The update loop; {@code read}, when given, is the object the caller has just read, used for
     * the first attempt; otherwise the first attempt starts from the watch cache's copy (except dry
     * runs, whose answer is not checked by a write).
     */
    private Written write(ApiResource r, String ns, String name, String subresource, UserInfo user, boolean dryRun,
                          boolean pinnedVersion, FieldOwner owner, Read read, UnaryOperator<ObjectNode> mutate) {
        String key = r.key(ns, name);
        Read next = read != null ? read : dryRun ? null : Read.cached(r, cache.get(key));
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            Read current = next != null ? next
                    : store.get(key).map(kv -> Read.stored(r, kv))
                            .orElseThrow(() -> ApiException.notFound(r.group(), r.plural(), name));
            next = null;
            ObjectNode old = current.served();
            ObjectNode prepared;
            WriteHooks.Finish finish;
            try {
                ObjectNode updated = mutate.apply(old.deepCopy());
                checkTypeMeta(r, updated);
                prepared = prepareUpdate(r, ns, name, subresource, updated, old, user, dryRun, owner);
                if (prepared.equals(old)) {
                    if (!current.current()) {
                        continue; // a no-op against the cached copy may not be one against the stored object
                    }
                    return new Written(old, null); // no-op: upstream skips the write and keeps the resourceVersion
                }
                finish = hooks(r).beginUpdate(prepared, old, dryRun);
            } catch (RuntimeException e) {
                if (current.current()) {
                    throw e;
                }
                continue; // perhaps only the cached copy was stale: decide on the stored one
            }
            boolean written = false;
            try {
                if (dryRun) {
                    written = true;
                    return new Written(prepared, null);
                }
                if (ObjectMetaOps.isDeleting(prepared) && !hasAnyFinalizer(r, prepared) && !isGracefulPending(r, prepared)) {
                    // The last finalizer is gone from an object being deleted: finish the deletion.
                    store.delete(key, current.modRevision());
                    hooks(r).afterDelete(old);
                    return new Written(prepared, null);
                }
                byte[] encoded = ObjectCodec.encodeForStorage(r.forStorage(prepared));
                KeyValue stored = store.update(key, encoded, current.modRevision());
                ObjectCodec.metadata(prepared).put("resourceVersion", Long.toString(stored.modRevision()));
                written = true;
                return new Written(prepared, r.converts() ? null : ResourceVersionStamp.json(encoded, stored.modRevision()));
            } catch (ConflictException | KeyNotFoundException e) {
                if (pinnedVersion && current.current()) {
                    throw ApiException.modified(r.group(), r.plural(), name);
                }
            } finally {
                finish.finish(written);
            }
        }
        throw ApiException.conflict(r.group(), r.plural(), name, "too many concurrent updates, try again");
    }

    private ObjectNode prepareUpdate(ApiResource r, String ns, String name, String subresource, ObjectNode obj,
                                     ObjectNode old, UserInfo user, boolean dryRun, FieldOwner owner) {
        ObjectNode meta = ObjectCodec.metadata(obj);
        ObjectNode oldMeta = (ObjectNode) old.get("metadata");
        checkNamespace(r, ns, meta);
        if (!meta.path("name").asText("").equals(name)) {
            throw ApiException.badRequest("the name of the object (" + meta.path("name").asText("")
                    + ") does not match the name on the URL (" + name + ")");
        }
        String uid = meta.path("uid").asText("");
        if (!uid.isEmpty() && !uid.equals(oldMeta.path("uid").asText())) {
            throw ApiException.conflict(r.group(), r.plural(), name, "Precondition failed: UID in precondition: "
                    + uid + ", UID in object meta: " + oldMeta.path("uid").asText());
        }
        // System fields come from the stored object, whatever the client sent.
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")) {
            if (oldMeta.has(f)) {
                meta.set(f, oldMeta.get(f));
            } else {
                meta.remove(f);
            }
        }
        meta.set("resourceVersion", oldMeta.get("resourceVersion"));
        boolean hasStatus = r.def().hasSubresource("status");
        switch (subresource) {
            case "status" -> {
                // Only status changes through the status subresource.
                JsonNode status = obj.get("status");
                ObjectNode merged = old.deepCopy();
                if (status != null) {
                    merged.set("status", status);
                } else {
                    merged.remove("status");
                }
                r.strategy().prepareForStatusUpdate(merged, old);
                JsonNode managedFields = obj.path("metadata").get("managedFields");
                obj = merged;
                if (owner != null) {
                    FieldManagers.of(r, "status").update(old, obj, owner.manager());
                } else if (managedFields != null) {
                    // an apply through the subresource recorded its fields itself
                    ObjectCodec.metadata(obj).set("managedFields", managedFields);
                }
            }
            case "approval" -> {
                // A certificate signing request's approval changes only its conditions (Approved, Denied).
                ObjectNode merged = old.deepCopy();
                merged.with("status").set("conditions", obj.path("status").path("conditions").isArray()
                        ? obj.path("status").path("conditions") : merged.arrayNode());
                r.strategy().prepareForStatusUpdate(merged, old);
                obj = merged;
                if (owner != null) {
                    FieldManagers.of(r, "approval").update(old, obj, owner.manager());
                }
            }
            case "finalize" -> {
                ObjectNode merged = old.deepCopy();
                ObjectNode spec = merged.with("spec");
                spec.set("finalizers", obj.path("spec").path("finalizers").isMissingNode()
                        ? spec.arrayNode() : obj.path("spec").path("finalizers"));
                obj = merged;
            }
            case "" -> {
                if (hasStatus) {
                    if (old.has("status")) {
                        obj.set("status", old.get("status"));
                    } else {
                        obj.remove("status");
                    }
                }
                r.strategy().applyDefaults(obj);
                if (owner != null) {
                    FieldManagers.of(r, owner.subresource()).update(old, obj, owner.manager());
                }
                r.strategy().prepareForUpdate(obj, old);
                if (old.has("spec") && ObjectMetaOps.specChanged(obj, old)) {
                    ObjectCodec.metadata(obj).put("generation", oldMeta.path("generation").asLong(1) + 1);
                }
            }
            case "binding" -> {
                // pods/binding writes the pod directly, as upstream's BindingREST does: only
                // nodeName, annotations and the PodScheduled condition change, unvalidated.
            }
            default -> throw ApiException.pathNotFound();
        }
        if (ObjectMetaOps.isDeleting(old) && ObjectMetaOps.hasFinalizers(obj)) {
            // While deleting, finalizers may only be removed, never added (as upstream).
            Set<String> before = new HashSet<>();
            old.path("metadata").path("finalizers").forEach(f -> before.add(f.asText()));
            TreeSet<String> extra = new TreeSet<>();
            obj.path("metadata").path("finalizers").forEach(f -> {
                if (!before.contains(f.asText())) {
                    extra.add(f.asText());
                }
            });
            if (!extra.isEmpty()) {
                // Go's %#v of the sorted []string, as upstream's ValidateNoNewFinalizers words it.
                String list = extra.stream().map(f -> "\"" + f.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .collect(Collectors.joining(", ", "[]string{", "}"));
                throw ApiException.invalid(r.group(), r.kind(), name, List.of(FieldError.forbidden("metadata.finalizers",
                        "no new finalizers can be added if the object is being deleted, found new finalizers " + list)));
            }
        }
        AdmissionRequest request = new AdmissionRequest(Operation.UPDATE, r, subresource, ns, name, obj, old, user, dryRun);
        admission.admit(request);
        if (!subresource.equals("binding")) {
            validate(r, name, r.strategy().validateUpdate(obj, old));
        }
        admission.validate(request);
        return obj;
    }

    private static boolean allowCreateOnUpdate(ApiResource r) {
        String g = r.group();
        String p = r.plural();
        return (g.isEmpty() && (p.equals("endpoints") || p.equals("events")))
                || g.equals("coordination.k8s.io") || g.equals("rbac.authorization.k8s.io")
                || g.equals("events.k8s.io") || g.equals("discovery.k8s.io");
    }

    // ---- delete ----

    public DeleteOutcome delete(ApiResource r, String ns, String name, DeleteOptions options, UserInfo user) {
        String key = r.key(ns, name);
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            KeyValue kv = store.get(key).orElseThrow(() -> ApiException.notFound(r.group(), r.plural(), name));
            ObjectNode old = r.served(ObjectCodec.decodeStored(kv.value(), kv.modRevision()));
            checkPreconditions(r, name, old, options);
            admission.admit(new AdmissionRequest(Operation.DELETE, r, "", ns, name, old, old, user, options.dryRun()));
            ObjectNode pending = pendingDeletion(r, old, options);
            try {
                if (pending == null) {
                    if (!options.dryRun()) {
                        store.delete(key, kv.modRevision());
                        hooks(r).afterDelete(old);
                    }
                    return new DeleteOutcome(old, true);
                }
                if (pending.equals(old) || options.dryRun()) {
                    return new DeleteOutcome(pending, false);
                }
                KeyValue stored = store.update(key, ObjectCodec.encodeForStorage(r.forStorage(pending)), kv.modRevision());
                ObjectCodec.metadata(pending).put("resourceVersion", Long.toString(stored.modRevision()));
                return new DeleteOutcome(pending, false);
            } catch (ConflictException | KeyNotFoundException e) {
                // Someone wrote in between: decide again on the fresh object.
            }
        }
        throw ApiException.conflict(r.group(), r.plural(), name, "too many concurrent updates, try again");
    }

    private static void checkPreconditions(ApiResource r, String name, ObjectNode old, DeleteOptions o) {
        String uid = old.path("metadata").path("uid").asText();
        if (o.preconditionUid() != null && !o.preconditionUid().equals(uid)) {
            throw ApiException.conflict(r.group(), r.plural(), name,
                    "Precondition failed: UID in precondition: " + o.preconditionUid() + ", UID in object meta: " + uid);
        }
        String rv = old.path("metadata").path("resourceVersion").asText();
        if (o.preconditionResourceVersion() != null && !o.preconditionResourceVersion().equals(rv)) {
            throw ApiException.conflict(r.group(), r.plural(), name,
                    "Precondition failed: ResourceVersion in precondition: " + o.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + rv);
        }
    }

    /**
     * The object's state while its deletion waits (finalizers, a pod's grace period, a
     * namespace's content), or null when it can be removed now.
     */
    private ObjectNode pendingDeletion(ApiResource r, ObjectNode old, DeleteOptions o) {
        ObjectNode obj = old.deepCopy();
        ObjectNode meta = ObjectCodec.metadata(obj);
        applyPropagationFinalizers(meta, o.propagationPolicy());
        if (!ObjectMetaOps.isDeleting(old)) {
            r.strategy().beginDeletion(obj);
        }
        long grace = gracePeriod(r, old, o);
        boolean graceful = grace > 0;
        boolean isNamespace = isNamespace(r);
        if (!hasAnyFinalizer(r, obj) && !graceful) {
            return null;
        }
        if (ObjectMetaOps.isDeleting(old)) {
            if (graceful || hasAnyFinalizer(r, obj)) {
                if (graceful && meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE) > grace) {
                    // A shorter grace period wins, as upstream.
                    meta.put("deletionGracePeriodSeconds", grace);
                    meta.put("deletionTimestamp", ObjectMetaOps.timestamp(Instant.now().plusSeconds(grace)));
                }
                return obj;
            }
            return null;
        }
        meta.put("deletionTimestamp", ObjectMetaOps.timestamp(Instant.now().plusSeconds(Math.max(grace, 0))));
        meta.put("deletionGracePeriodSeconds", Math.max(grace, 0));
        if (isNamespace) {
            obj.with("status").put("phase", "Terminating");
        }
        return obj;
    }

    private static long gracePeriod(ApiResource r, ObjectNode obj, DeleteOptions o) {
        if (!(r.group().isEmpty() && r.plural().equals("pods"))) {
            return 0;
        }
        // Pods that never reached a node, or have finished, have nothing to stop.
        String phase = obj.path("status").path("phase").asText("");
        if (obj.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        if (o.gracePeriodSeconds() != null) {
            return Math.max(0, o.gracePeriodSeconds());
        }
        return obj.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    private static boolean isNamespace(ApiResource r) {
        return r.group().isEmpty() && r.plural().equals("namespaces");
    }

    /** Metadata finalizers, plus a namespace's spec.finalizers (its content must go first). */
    private static boolean hasAnyFinalizer(ApiResource r, ObjectNode obj) {
        if (ObjectMetaOps.hasFinalizers(obj)) {
            return true;
        }
        JsonNode specFinalizers = obj.path("spec").path("finalizers");
        return isNamespace(r) && specFinalizers.isArray() && !specFinalizers.isEmpty();
    }

    private static boolean isGracefulPending(ApiResource r, ObjectNode obj) {
        return r.group().isEmpty() && r.plural().equals("pods")
                && obj.path("metadata").path("deletionGracePeriodSeconds").asLong(0) > 0;
    }

    /**
     * The garbage collector's finalizers for the delete's propagationPolicy, as upstream's
     * deletionFinalizersForGarbageCollection: Orphan → {@code orphan}, Foreground →
     * {@code foregroundDeletion}, Background → neither (the other one is removed in each case,
     * so a later delete can change its mind); no policy keeps what the object has.
     */
    private static void applyPropagationFinalizers(ObjectNode meta, String policy) {
        if (policy == null) {
            return;
        }
        ArrayNode kept = meta.arrayNode();
        meta.path("finalizers").forEach(f -> {
            if (!f.asText().equals("orphan") && !f.asText().equals("foregroundDeletion")) {
                kept.add(f);
            }
        });
        switch (policy) {
            case "Orphan" -> kept.add("orphan");
            case "Foreground" -> kept.add("foregroundDeletion");
            default -> { }
        }
        if (kept.isEmpty()) {
            meta.remove("finalizers");
        } else {
            meta.set("finalizers", kept);
        }
    }

    // ---- shared checks ----

    void checkTypeMeta(ApiResource r, ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        String expected = r.def().gvk().apiVersion();
        if (!kind.isEmpty() && !kind.equals(r.kind())) {
            // Upstream fails while decoding the body into the URL's type, before comparing versions.
            String gv = apiVersion.isEmpty() ? expected : apiVersion;
            String version = gv.substring(gv.indexOf('/') + 1);
            String internal = r.group().isEmpty() ? "core" : r.group().split("\\.")[0];
            throw ApiException.badRequest(kind + " in version \"" + version + "\" cannot be handled as a " + r.kind()
                    + ": converting (" + version + "." + kind + ") to (" + internal + "." + r.kind() + "): unknown conversion");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(expected)) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + expected + ")");
        }
        // apiVersion and kind lead the object, as in every upstream response.
        var names = obj.fieldNames();
        if (names.hasNext() && names.next().equals("apiVersion") && names.hasNext() && names.next().equals("kind")
                && obj.path("apiVersion").asText().equals(expected) && obj.path("kind").asText().equals(r.kind())) {
            return;
        }
        ObjectNode reordered = obj.objectNode();
        reordered.put("apiVersion", expected);
        reordered.put("kind", r.kind());
        List<String> rest = new ArrayList<>();
        obj.fieldNames().forEachRemaining(rest::add);
        for (String f : rest) {
            if (!f.equals("apiVersion") && !f.equals("kind")) {
                reordered.set(f, obj.get(f));
            }
        }
        obj.removeAll();
        obj.setAll(reordered);
    }

    private static void checkNamespace(ApiResource r, String ns, ObjectNode meta) {
        String bodyNs = meta.path("namespace").asText("");
        if (r.def().namespaced()) {
            if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", ns);
        } else {
            meta.remove("namespace");
        }
    }

    private static void validate(ApiResource r, String name, List<FieldError> errors) {
        if (errors != null && !errors.isEmpty()) {
            throw ApiException.invalid(r.group(), r.kind(), name, errors);
        }
    }
}
