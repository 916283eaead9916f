package dev.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Deletes everything in a namespace and reports what is still there. */
final class NamespaceContentDeleter {

    private static final Logger log = LoggerFactory.getLogger(NamespaceContentDeleter.class);

    /** What one pass left behind: objects still present (being finalized) and resources that failed. */
    record Outcome(long remaining, List<String> remainingFinalizers, List<String> failures) {
        boolean finished() {
            return remaining == 0 && failures.isEmpty();
        }
    }

    private final KubernetesClient client;

    NamespaceContentDeleter(KubernetesClient client) {
        this.client = client;
    }

    Outcome deleteAll(String namespace, List<DeletableResource> resources) {
        long remaining = 0;
        List<String> finalizers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (DeletableResource r : resources) {
            try {
                List<GenericKubernetesResource> left = deleteAllOf(namespace, r);
                remaining += left.size();
                for (GenericKubernetesResource o : left) {
                    for (String f : o.getMetadata().getFinalizers()) {
                        if (!finalizers.contains(f)) {
                            finalizers.add(f);
                        }
                    }
                }
            } catch (KubernetesClientException e) {
                // 404/405: the resource went away or cannot hold objects here; nothing to delete.
                if (e.getCode() != 404 && e.getCode() != 405) {
                    failures.add(r.groupResource() + ": " + e.getMessage());
                }
            }
        }
        return new Outcome(remaining, finalizers, failures);
    }

    /** Deletes the objects of one resource; returns those still present afterwards. */
    private List<GenericKubernetesResource> deleteAllOf(String namespace, DeletableResource r) {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(r.context()).inNamespace(namespace);
        if (r.supportsDeleteCollection()) {
            // Without a name, fabric8 sends DELETE on the collection: one request for all objects.
            op.delete();
        } else {
            for (GenericKubernetesResource o : op.list().getItems()) {
                if (o.getMetadata().getDeletionTimestamp() == null) {
                    op.withName(o.getMetadata().getName()).delete();
                }
            }
        }
        List<GenericKubernetesResource> left = op.list().getItems();
        if (!left.isEmpty()) {
            log.debug("namespace {}: {} {} remaining", namespace, left.size(), r.groupResource());
        }
        return left;
    }
}
