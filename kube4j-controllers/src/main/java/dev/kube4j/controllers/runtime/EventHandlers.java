package dev.kube4j.controllers.runtime;

import dev.kube4j.controllers.core.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /**
     * For pods a controller of {@code kind} creates: queue the owner on every change and tell the
     * expectations what the cache has now seen (a new pod, a pod being or gone deleted).
     */
    public static ResourceEventHandler<Pod> ownedPods(String kind, WorkQueue<String> queue, NamedExpectations expectations) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String key = Owners.controllerKey(pod, kind);
                if (key != null) {
                    expectations.creationObserved(key);
                    queue.add(key);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String key = Owners.controllerKey(pod, kind);
                if (key != null) {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                        expectations.deletionObserved(key, pod.getMetadata().getName());
                    }
                    queue.add(key);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                String key = Owners.controllerKey(pod, kind);
                if (key != null) {
                    expectations.deletionObserved(key, pod.getMetadata().getName());
                    queue.add(key);
                }
            }
        };
    }

    /**
     * For objects without a controller (upstream's orphan branch of addPod/updatePod): queue every
     * owner in the namespace whose selector matches, so one of them adopts it. An update counts
     * only when labels or the controller reference changed, as upstream.
     */
    public static <T extends HasMetadata, O extends HasMetadata> ResourceEventHandler<T> orphans(
            SharedIndexInformer<O> owners, Function<O, LabelSelector> selectorOf, WorkQueue<String> queue) {
        Consumer<T> wakeMatching = obj -> {
            if (Owners.controllerOf(obj) != null || obj.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            for (O owner : owners.getIndexer().byIndex(Cache.NAMESPACE_INDEX, obj.getMetadata().getNamespace())) {
                if (Selectors.matches(selectorOf.apply(owner), obj.getMetadata().getLabels())) {
                    queue.add(Cache.metaNamespaceKeyFunc(owner));
                }
            }
        };
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                wakeMatching.accept(obj);
            }

            @Override
            public void onUpdate(T old, T obj) {
                if (!Objects.equals(old.getMetadata().getLabels(), obj.getMetadata().getLabels())
                        || !Objects.equals(Owners.controllerOf(old), Owners.controllerOf(obj))) {
                    wakeMatching.accept(obj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        };
    }
}
