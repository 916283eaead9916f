package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.function.Consumer;

/** Informer handlers for the usual level-triggered case: an add and an update mean the same thing. */
public final class EventHandlers {

    private EventHandlers() {
    }

    /** Calls {@code changed} with the new state on add and update, {@code deleted} with the last state on delete. */
    public static <T> ResourceEventHandler<T> onChange(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }
}
