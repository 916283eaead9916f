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
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Upstream's ControllerRefManager: decides which objects (pods of a ReplicaSet, ReplicaSets of a
 * Deployment) an owner controls. Orphans matching its selector are adopted and owned objects that
 * no longer match are released, both by patching {@code metadata.ownerReferences}; objects
 * controlled by someone else are left alone.
 */
public final class ControllerRefManager<T extends HasMetadata> {

    private static final Logger log = LoggerFactory.getLogger(ControllerRefManager.class);

    private final KubernetesClient client;
    private final Class<T> type;
    private final HasMetadata owner;
    private final Predicate<T> selects;
    private final Supplier<Boolean> stillOwnerCheck;
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

    /** The candidates the owner controls after adoption and release. */
    public List<T> claim(List<T> candidates) {
        String ownerUid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> claimed = new ArrayList<>();
        for (T obj : candidates) {
            OwnerReference controller = OwnerReferences.controllerOf(obj);
            if (controller != null) {
                if (!ownerUid.equals(controller.getUid())) {
                    continue;
                }
                if (selects.test(obj)) {
                    claimed.add(obj);
                } else if (!ownerDeleting && obj.getMetadata().getDeletionTimestamp() == null) {
                    release(obj);
                }
                continue;
            }
            if (ownerDeleting || !selects.test(obj) || obj.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (adopt(obj)) {
                claimed.add(obj);
            }
        }
        return claimed;
    }

    private boolean adopt(T obj) {
        if (canAdopt == null) {
            canAdopt = stillOwnerCheck.get();
        }
        if (!canAdopt) {
            return false;
        }
        List<OwnerReference> refs = new ArrayList<>(OwnerReferences.of(obj));
        refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        refs.add(OwnerReferences.controllerRef(owner));
        if (patchOwnerReferences(obj, refs)) {
            log.debug("{} {}/{} adopted {} {}", owner.getKind(), owner.getMetadata().getNamespace(),
                    owner.getMetadata().getName(), obj.getKind(), obj.getMetadata().getName());
            return true;
        }
        return false;
    }

    private void release(T obj) {
        List<OwnerReference> refs = new ArrayList<>(OwnerReferences.of(obj));
        refs.removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        patchOwnerReferences(obj, refs);
    }

    /**
     * A JSON merge patch replacing the list, pinned to the object's uid and resourceVersion so it
     * never overwrites a change made since the cache saw the object (409: the next sync decides again).
     * Returns false when the object is gone.
     */
    private boolean patchOwnerReferences(T obj, List<OwnerReference> refs) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("uid", obj.getMetadata().getUid());
        meta.put("resourceVersion", obj.getMetadata().getResourceVersion());
        meta.put("ownerReferences", refs.isEmpty() ? null : refs);
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", meta);
        try {
            client.resources(type).inNamespace(obj.getMetadata().getNamespace()).withName(obj.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), MergePatch.json(patch));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
