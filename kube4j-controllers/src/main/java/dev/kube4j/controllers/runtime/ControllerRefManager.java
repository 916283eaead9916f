package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Upstream's ControllerRefManager: decides which objects (pods of a ReplicaSet, StatefulSet,
 * DaemonSet or Job, ReplicaSets of a Deployment, ControllerRevisions of a StatefulSet or DaemonSet)
 * an owner controls. Orphans matching its selector are adopted and owned objects that no longer
 * match are released, both by patching {@code metadata.ownerReferences}; objects controlled by
 * someone else are left alone.
 */
public final class ControllerRefManager<T extends HasMetadata> {

    private static final Logger log = LoggerFactory.getLogger(ControllerRefManager.class);

    /** What the owner does with one candidate. */
    public enum Claim {
        /** Controlled by the owner and still selected. */
        OWNED,
        /** An orphan the owner selects: take it. */
        ADOPT,
        /** Controlled by the owner but no longer selected: let it go. */
        RELEASE,
        /** Someone else's, or not to be touched now. */
        IGNORE
    }

    private final KubernetesClient client;
    private final Class<T> type;
    private final HasMetadata owner;
    private final Predicate<T> selects;
    private final Supplier<Boolean> stillOwnerCheck;
    private String finalizer;
    private Boolean canAdopt;

    /**
     * @param stillOwnerCheck a fresh (uncached) check that the owner still exists with the same uid
     *                        and is not being deleted; asked at most once, before the first adoption
     */
    public ControllerRefManager(KubernetesClient client, Class<T> type, HasMetadata owner, Predicate<T> selects,
                                Supplier<Boolean> stillOwnerCheck) {
        this.client = client;
        this.type = type;
        this.owner = owner;
        this.selects = selects;
        this.stillOwnerCheck = stillOwnerCheck;
    }

    /** Adoption also adds this finalizer and release removes it (the Job's tracking finalizer). */
    public ControllerRefManager<T> withFinalizer(String finalizer) {
        this.finalizer = finalizer;
        return this;
    }

    /**
     * Upstream's canAdopt: an uncached read of the owner, so that an owner deleted (or deleted and
     * re-created under the same name) since the cache saw it adopts nothing. Reads at most once.
     */
    public static Supplier<Boolean> freshOwnerCheck(KubernetesClient client, HasMetadata owner) {
        Boolean[] answer = new Boolean[1];
        return () -> {
            if (answer[0] == null) {
                HasMetadata fresh = client.resources(owner.getClass()).inNamespace(owner.getMetadata().getNamespace())
                        .withName(owner.getMetadata().getName()).get();
                answer[0] = fresh != null && Objects.equals(fresh.getMetadata().getUid(), owner.getMetadata().getUid())
                        && fresh.getMetadata().getDeletionTimestamp() == null;
                if (!answer[0]) {
                    log.debug("{} {}: gone, replaced or being deleted, not adopting", owner.getKind(), owner.getMetadata().getName());
                }
            }
            return answer[0];
        };
    }

    /** Upstream's ClaimObject decision for one object, before any request. */
    public static Claim decide(HasMetadata obj, HasMetadata owner, boolean selected) {
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        OwnerReference controller = OwnerReferences.controllerOf(obj);
        if (controller != null) {
            if (!owner.getMetadata().getUid().equals(controller.getUid())) {
                return Claim.IGNORE;
            }
            if (selected) {
                return Claim.OWNED;
            }
            // An owner being deleted keeps its dependents so that the garbage collector finds them.
            return ownerDeleting || obj.getMetadata().getDeletionTimestamp() != null ? Claim.IGNORE : Claim.RELEASE;
        }
        if (ownerDeleting || !selected || obj.getMetadata().getDeletionTimestamp() != null
                || !Objects.equals(owner.getMetadata().getNamespace(), obj.getMetadata().getNamespace())) {
            return Claim.IGNORE;
        }
        return Claim.ADOPT;
    }

    /** The candidates the owner controls after adoption and release (adopted ones as the server returned them). */
    public List<T> claim(List<T> candidates) {
        List<T> claimed = new ArrayList<>();
        for (T obj : candidates) {
            switch (decide(obj, owner, selects.test(obj))) {
                case OWNED -> claimed.add(obj);
                case RELEASE -> release(obj);
                case ADOPT -> {
                    T adopted = adopt(obj);
                    if (adopted != null) {
                        claimed.add(adopted);
                    }
                }
                case IGNORE -> { }
            }
        }
        return claimed;
    }

    private T adopt(T obj) {
        if (canAdopt == null) {
            canAdopt = stillOwnerCheck.get();
        }
        if (!canAdopt) {
            return null;
        }
        List<OwnerReference> refs = new ArrayList<>(OwnerReferences.of(obj));
        refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        refs.add(OwnerReferences.controllerRef(owner));
        List<String> finalizers = new ArrayList<>(finalizersOf(obj));
        if (finalizer != null && !finalizers.contains(finalizer)) {
            finalizers.add(finalizer);
        }
        T adopted = patch(obj, refs, finalizers);
        if (adopted != null) {
            log.debug("{} {}/{} adopted {} {}", owner.getKind(), owner.getMetadata().getNamespace(),
                    owner.getMetadata().getName(), obj.getKind(), obj.getMetadata().getName());
        }
        return adopted;
    }

    private void release(T obj) {
        List<OwnerReference> refs = new ArrayList<>(OwnerReferences.of(obj));
        refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        List<String> finalizers = new ArrayList<>(finalizersOf(obj));
        finalizers.remove(finalizer);
        if (patch(obj, refs, finalizers) != null) {
            log.debug("{} {}/{} released {} {}", owner.getKind(), owner.getMetadata().getNamespace(),
                    owner.getMetadata().getName(), obj.getKind(), obj.getMetadata().getName());
        }
    }

    private static List<String> finalizersOf(HasMetadata obj) {
        return obj.getMetadata().getFinalizers() == null ? List.of() : obj.getMetadata().getFinalizers();
    }

    /**
     * A JSON merge patch replacing the lists, pinned to the object's uid and resourceVersion so it
     * never overwrites a change made since the cache saw the object (409: the next sync decides again).
     * Returns the patched object, or null when it is gone.
     */
    private T patch(T obj, List<OwnerReference> refs, List<String> finalizers) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("uid", obj.getMetadata().getUid());
        meta.put("resourceVersion", obj.getMetadata().getResourceVersion());
        meta.put("ownerReferences", refs.isEmpty() ? null : refs);
        if (finalizer != null) {
            meta.put("finalizers", finalizers.isEmpty() ? null : finalizers);
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", meta);
        try {
            return client.resources(type).inNamespace(obj.getMetadata().getNamespace()).withName(obj.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), MergePatch.json(patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
