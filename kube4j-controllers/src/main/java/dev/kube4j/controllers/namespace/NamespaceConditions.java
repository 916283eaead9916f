package dev.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes upstream's deletion conditions on a terminating namespace's status, so {@code kubectl
 * describe ns} tells why a namespace is stuck. Best effort: a failed status write is only logged.
 */
final class NamespaceConditions {

    private static final Logger log = LoggerFactory.getLogger(NamespaceConditions.class);

    private final KubernetesClient client;

    NamespaceConditions(KubernetesClient client) {
        this.client = client;
    }

    void discoveryFailed(Namespace ns, Exception e) {
        write(ns, List.of(condition("NamespaceDeletionDiscoveryFailure", true, "DiscoveryFailed",
                "Discovery failed for some groups: " + e.getMessage())));
    }

    void record(Namespace ns, NamespaceContentDeleter.Outcome o) {
        List<NamespaceCondition> conditions = new ArrayList<>();
        conditions.add(condition("NamespaceDeletionDiscoveryFailure", false, "ResourcesDiscovered",
                "All resources successfully discovered"));
        conditions.add(condition("NamespaceDeletionGroupVersionParsingFailure", false, "ParsedGroupVersions",
                "All legacy kube types successfully parsed"));
        conditions.add(o.failures().isEmpty()
                ? condition("NamespaceDeletionContentFailure", false, "ContentDeleted",
                        "All content successfully deleted, may be waiting on finalization")
                : condition("NamespaceDeletionContentFailure", true, "ContentDeletionFailed",
                        "Failed to delete all resource types, " + o.failures().size() + " remaining: "
                                + String.join(", ", o.failures())));
        conditions.add(o.remaining() == 0
                ? condition("NamespaceContentRemaining", false, "ContentRemoved", "All content successfully removed")
                : condition("NamespaceContentRemaining", true, "SomeResourcesRemain",
                        "Some resources are remaining: " + o.remaining() + " resource instances"));
        conditions.add(o.remainingFinalizers().isEmpty()
                ? condition("NamespaceFinalizersRemaining", false, "ContentHasNoFinalizers",
                        "All content-preserving finalizers finished")
                : condition("NamespaceFinalizersRemaining", true, "SomeFinalizersRemain",
                        "Some content in the namespace has finalizers remaining: "
                                + String.join(", ", o.remainingFinalizers())));
        write(ns, conditions);
    }

    private static NamespaceCondition condition(String type, boolean status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withReason(reason).withMessage(message)
                .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build();
    }

    private void write(Namespace ns, List<NamespaceCondition> updates) {
        NamespaceStatus status = ns.getStatus() == null ? new NamespaceStatus() : ns.getStatus();
        List<NamespaceCondition> merged = new ArrayList<>(status.getConditions());
        boolean changed = false;
        for (NamespaceCondition u : updates) {
            NamespaceCondition old = merged.stream().filter(c -> c.getType().equals(u.getType())).findFirst().orElse(null);
            if (old != null && Objects.equals(old.getStatus(), u.getStatus()) && Objects.equals(old.getReason(), u.getReason())
                    && Objects.equals(old.getMessage(), u.getMessage())) {
                continue; // unchanged: keep its transition time and spare a write
            }
            merged.remove(old);
            merged.add(u);
            changed = true;
        }
        if (!changed) {
            return;
        }
        status.setConditions(merged);
        ns.setStatus(status);
        try {
            Namespace updated = client.namespaces().resource(ns).updateStatus();
            ns.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            log.debug("namespace {}: could not write conditions: {}", ns.getMetadata().getName(), e.getMessage());
        }
    }
}
