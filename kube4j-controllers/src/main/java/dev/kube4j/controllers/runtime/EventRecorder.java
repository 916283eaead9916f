package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * core/v1 Events about an object ("Scheduled", "SuccessfulCreate", "ScalingReplicaSet", …) so
 * {@code kubectl describe} shows what a component did, as client-go's recorder writes them. Sent
 * from a virtual thread, as client-go's broadcaster does: callers never wait for events, and a lost
 * event never fails them.
 */
public final class EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final String component;

    public EventRecorder(KubernetesClient client, String component) {
        this.client = client;
        this.component = component;
    }

    public void normal(HasMetadata about, String reason, String message) {
        emit(about, "Normal", reason, message, reason);
    }

    public void warning(HasMetadata about, String reason, String message) {
        emit(about, "Warning", reason, message, reason);
    }

    public void emit(HasMetadata about, String type, String reason, String message, String action) {
        Thread.ofVirtual().name("event-" + reason).start(() -> send(about, type, reason, message, action));
    }

    private void send(HasMetadata about, String type, String reason, String message, String action) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        // Events about cluster-scoped objects live in "default", as upstream records them.
        String ns = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(ns).endMetadata()
                    .withNewInvolvedObject().withApiVersion(about.getApiVersion()).withKind(about.getKind())
                    .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                    .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message).withAction(action)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component).withReportingInstance(component)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withEventTime(new MicroTime(now.replace("Z", ".000000Z")))
                    .build()).create();
        } catch (KubernetesClientException e) {
            log.debug("event {} about {}: {}", reason, about.getMetadata().getName(), e.getMessage());
        }
    }
}
