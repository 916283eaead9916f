package dev.kube4j.controllers.core;

import dev.kube4j.controllers.runtime.OwnerReferences;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.List;
import java.util.function.Function;

/**
 * Controller owner references, as upstream's controller_ref helpers write and read them: keys and
 * indexes by controller; reading and writing the reference itself is {@link OwnerReferences}'.
 */
public final class Owners {

    /** Informer index of dependents by the uid of their controller. */
    public static final String CONTROLLER_UID_INDEX = "controllerUid";

    private Owners() {
    }

    /** {@code controller: true, blockOwnerDeletion: true}: what a controller puts on what it creates. */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return OwnerReferences.controllerRef(owner);
    }

    /** The object's controller reference, or null. */
    public static OwnerReference controllerOf(HasMetadata obj) {
        return OwnerReferences.controllerOf(obj);
    }

    /** The controller's uid when it is of {@code kind}, else null. */
    public static String controllerUid(HasMetadata obj, String kind) {
        OwnerReference r = controllerOf(obj);
        return r != null && kind.equals(r.getKind()) ? r.getUid() : null;
    }

    /** Index function for {@link #CONTROLLER_UID_INDEX}. */
    public static <T extends HasMetadata> Function<T, List<String>> byControllerUid() {
        return o -> {
            OwnerReference r = controllerOf(o);
            return r == null ? List.of() : List.of(r.getUid());
        };
    }

    /** The "namespace/name" work-queue key of the object's controller when it is of {@code kind}, else null. */
    public static String controllerKey(HasMetadata obj, String kind) {
        OwnerReference r = controllerOf(obj);
        return r != null && kind.equals(r.getKind()) ? obj.getMetadata().getNamespace() + "/" + r.getName() : null;
    }
}
