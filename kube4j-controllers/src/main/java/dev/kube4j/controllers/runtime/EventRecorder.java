package dev.kube4j.controllers.runtime;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * core/v1 Events about an object ("Scheduled", "SuccessfulCreate", "ScalingReplicaSet", …) so
 * {@code kubectl describe} shows what a component did, as client-go's recorder writes them: through
 * its {@link EventCorrelator} (repeats counted, similar events combined, a burst of 25 per object),
 * sent from virtual threads as client-go's broadcaster does, so callers never wait for events and a
 * lost event never fails them. Writes of one event series stay in order (create before its count
 * updates).
 */
public final class EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_STRING = new com.fasterxml.jackson.databind.ObjectMapper();

    private final KubernetesClient client;
    private final String component;
    private final EventCorrelator correlator = new EventCorrelator();
    /** The last write of each series still in flight, which the next write of that series waits for. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

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
        ObjectMeta meta = about.getMetadata();
        Instant now = Instant.now();
        EventCorrelator.Decision d;
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) { // a series' writes queue in the order they were decided
            d = correlator.correlate(new EventCorrelator.Occurrence(component, about.getKind(),
                            Objects.toString(meta.getNamespace(), ""), meta.getName(), Objects.toString(meta.getUid(), ""),
                            Objects.toString(about.getApiVersion(), ""), type, reason, message),
                    // upstream's event names: the object's name and the time in hex nanoseconds
                    meta.getName() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()));
            if (d.skip()) {
                return;
            }
            previous = inFlight.put(d.key(), done);
        }
        Thread.ofVirtual().name("event-" + reason).start(() -> {
            try {
                if (previous != null) {
                    previous.join();
                }
                send(about, type, reason, action, d, now);
            } finally {
                done.complete(null);
                inFlight.remove(d.key(), done);
            }
        });
    }

    private void send(HasMetadata about, String type, String reason, String action, EventCorrelator.Decision d, Instant at) {
        String now = at.truncatedTo(ChronoUnit.SECONDS).toString();
        String first = d.firstTimestamp().truncatedTo(ChronoUnit.SECONDS).toString();
        // Events about cluster-scoped objects live in "default", as upstream records them.
        String ns = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        try {
            if (d.isUpdate()) {
                try {
                    client.v1().events().inNamespace(ns).withName(d.name()).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                            "{\"count\":" + d.count() + ",\"lastTimestamp\":\"" + now + "\",\"message\":"
                                    + JSON_STRING.writeValueAsString(d.message()) + "}");
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                    // The event expired or was deleted: write it afresh, with the count so far.
                }
            }
            // Sent raw: the created Event comes back, and decoding it would be wasted on every event.
            RawRequests.send(client, "POST", "api/v1/namespaces/" + URLEncoder.encode(ns, StandardCharsets.UTF_8)
                    + "/events", new EventBuilder()
                    .withNewMetadata().withName(d.name()).withNamespace(ns).endMetadata()
                    .withNewInvolvedObject().withApiVersion(about.getApiVersion()).withKind(about.getKind())
                    .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                    .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(d.message()).withAction(action)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component).withReportingInstance(component)
                    .withFirstTimestamp(first).withLastTimestamp(now).withCount(d.count())
                    .withEventTime(new MicroTime(first.replace("Z", ".000000Z")))
                    .build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KubernetesClientException | com.fasterxml.jackson.core.JsonProcessingException e) {
            correlator.forget(d.key());
            log.debug("event {} about {}: {}", reason, about.getMetadata().getName(), e.getMessage());
        }
    }
}
