package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.List;

/** ownerReferences helpers, as upstream's metav1.GetControllerOf / NewControllerRef. */
public final class OwnerReferences {

    private OwnerReferences() {
    }

    public static List<OwnerReference> of(HasMetadata obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    /** The owner reference with controller=true, or null. */
    public static OwnerReference controllerOf(HasMetadata obj) {
        for (OwnerReference r : of(obj)) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    public static boolean isControlledBy(HasMetadata obj, String ownerUid) {
        OwnerReference c = controllerOf(obj);
        return c != null && ownerUid.equals(c.getUid());
    }

    /** A controller reference to {@code owner}: controller=true, blockOwnerDeletion=true. */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return controllerRef(owner, owner.getApiVersion(), owner.getKind());
    }

    /** As {@link #controllerRef(HasMetadata)} with the owner's apiVersion and kind given (cached objects may lack them). */
    public static OwnerReference controllerRef(HasMetadata owner, String apiVersion, String kind) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }
}
