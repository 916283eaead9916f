package dev.kube4j.scheduler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * core/v1 Events about pods ("Scheduled", "FailedScheduling", "Preempted"), so {@code kubectl
 * describe pod} explains placements. Best effort: a lost event never fails scheduling.
 */
final class SchedulerEvents {

    private static final Logger log = LoggerFactory.getLogger(SchedulerEvents.class);

    private final KubernetesClient client;
    private final String component;

    SchedulerEvents(KubernetesClient client, String component) {
        this.client = client;
        this.component = component;
    }

    void normal(Pod pod, String reason, String message) {
        emit(pod, "Normal", reason, message, "Binding");
    }

    void warning(Pod pod, String reason, String message) {
        emit(pod, "Warning", reason, message, "Scheduling");
    }

    private void emit(Pod pod, String type, String reason, String message, String action) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid())
                    .withResourceVersion(pod.getMetadata().getResourceVersion()).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message).withAction(action)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component).withReportingInstance(component)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withEventTime(new MicroTime(now.replace("Z", ".000000Z")))
                    .build()).create();
        } catch (KubernetesClientException e) {
            log.debug("event {} for {}: {}", reason, pod.getMetadata().getName(), e.getMessage());
        }
    }
}
