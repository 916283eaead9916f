package dev.kube4j.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.RawRequests;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's horizontal pod autoscaler controller (autoscaling/v2, resource metrics): every sync
 * period it reads the target's scale subresource and, when the resource metrics API
 * ({@code metrics.k8s.io}) is served, the pods' CPU/memory usage against their requests, computes
 * the desired replicas with {@link ReplicaCalculator} and writes the scale. Without a metrics API
 * it keeps the workload within [minReplicas, maxReplicas] and says why it cannot do more
 * (ScalingActive=False, FailedGetResourceMetric), as upstream does without metrics-server.
 */
public final class HorizontalPodAutoscalerController extends SharedInformerController {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Upstream's --horizontal-pod-autoscaler-sync-period. */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(15);
    static final Duration DEFAULT_SCALE_DOWN_WINDOW = Duration.ofMinutes(5);

    private KubernetesClient client;
    private SharedIndexInformer<HorizontalPodAutoscaler> hpas;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private EventRecorder events;
    private final Map<String, ReplicaCalculator> calculators = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "horizontal-pod-autoscaler";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.events = new EventRecorder(client, "horizontal-pod-autoscaler");
        queue = new WorkQueue<>("horizontal-pod-autoscaler", new ItemBackoff<>(Duration.ofSeconds(1), Duration.ofMinutes(1)));
        hpas = informers.get(HorizontalPodAutoscaler.class);
        hpas.addEventHandler(EventHandlers.onChange(h -> queue.add(Cache.metaNamespaceKeyFunc(h)),
                h -> calculators.remove(Cache.metaNamespaceKeyFunc(h))));
        loop = new ControllerLoop<>("horizontal-pod-autoscaler", queue, this::reconcile, 2);
        informers.whenSynced(loop::start);
    }

    private ReconcileResult reconcile(String key) throws Exception {
        HorizontalPodAutoscaler hpa = hpas.getIndexer().getByKey(key);
        if (hpa == null) {
            return ReconcileResult.done();
        }
        var ref = hpa.getSpec().getScaleTargetRef();
        String scalePath = scalePath(hpa.getMetadata().getNamespace(), ref.getApiVersion(), ref.getKind(), ref.getName());
        String scaleJson = scalePath == null ? null : RawRequests.get(client, scalePath);
        List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (scaleJson == null) {
            conditions.add(condition(hpa, "AbleToScale", "False", "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: " + ref.getKind().toLowerCase() + "s \""
                            + ref.getName() + "\" not found", now));
            writeStatus(hpa, null, null, conditions, null);
            return ReconcileResult.requeueAfter(SYNC_PERIOD);
        }
        JsonNode scale = JSON.readTree(scaleJson);
        int current = scale.path("spec").path("replicas").asInt();
        int min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas();
        conditions.add(condition(hpa, "AbleToScale", "True", "SucceededGetScale",
                "the HPA controller was able to get the target's current scale", now));
        if (current == 0 && min > 0) {
            // Scaled to zero by hand: autoscaling is off, as upstream.
            conditions.add(condition(hpa, "ScalingActive", "False", "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero", now));
            writeStatus(hpa, current, current, conditions, null);
            return ReconcileResult.requeueAfter(SYNC_PERIOD);
        }
        ResourceMetrics.Recommendation recommended = ResourceMetrics.recommend(client, hpa,
                scale.path("status").path("selector").asText(""), current);
        int desired;
        String reason;
        if (recommended == null) {
            conditions.add(condition(hpa, "ScalingActive", "False", "FailedGetResourceMetric",
                    "the HPA was unable to compute the replica count: failed to get " + firstResource(hpa)
                            + " utilization: unable to get metrics for resource " + firstResource(hpa)
                            + ": no metrics returned from resource metrics API", now));
            events.warning(hpa, "FailedGetResourceMetric", "failed to get " + firstResource(hpa)
                    + " utilization: unable to get metrics for resource " + firstResource(hpa) + ": no metrics returned from resource metrics API");
            desired = current;
            reason = "";
        } else {
            conditions.add(condition(hpa, "ScalingActive", "True", "ValidMetricFound",
                    "the HPA was able to successfully calculate a replica count from " + firstResource(hpa) + " resource utilization", now));
            desired = calculators.computeIfAbsent(Cache.metaNamespaceKeyFunc(hpa), k -> new ReplicaCalculator())
                    .stabilize(recommended.replicas(), Instant.now(), scaleDownWindow(hpa));
            reason = desired < current ? "All metrics below target"
                    : firstResource(hpa) + " resource utilization (percentage of request) above target";
        }
        int clamped = ReplicaCalculator.clamp(desired, min, max);
        if (clamped != desired) {
            conditions.add(condition(hpa, "ScalingLimited", "True", clamped > desired ? "TooFewReplicas" : "TooManyReplicas",
                    "the desired replica count is " + (clamped > desired ? "less than the minimum" : "more than the maximum") + " replica count", now));
        } else {
            conditions.add(condition(hpa, "ScalingLimited", "False", "DesiredWithinRange",
                    "the desired count is within the acceptable range", now));
        }
        // Upstream names the bounds as the reason only when the current count is outside them.
        if (current < min) {
            reason = "Current number of replicas below Spec.MinReplicas";
        } else if (current > max) {
            reason = "Current number of replicas above Spec.MaxReplicas";
        }
        if (clamped != current) {
            ObjectNode body = ((ObjectNode) scale).deepCopy();
            body.with("spec").put("replicas", clamped);
            RawRequests.send(client, "PUT", scalePath, body);
            events.normal(hpa, "SuccessfulRescale", "New size: " + clamped + "; reason: " + reason);
        }
        writeStatus(hpa, current, clamped, conditions, recommended == null ? null : recommended.current());
        return ReconcileResult.requeueAfter(SYNC_PERIOD);
    }

    private static String firstResource(HorizontalPodAutoscaler hpa) {
        for (MetricSpec m : Objects.requireNonNullElse(hpa.getSpec().getMetrics(), List.<MetricSpec>of())) {
            if (m.getResource() != null) {
                return m.getResource().getName();
            }
        }
        return "cpu";
    }

    private static Duration scaleDownWindow(HorizontalPodAutoscaler hpa) {
        var behavior = hpa.getSpec().getBehavior();
        if (behavior != null && behavior.getScaleDown() != null && behavior.getScaleDown().getStabilizationWindowSeconds() != null) {
            return Duration.ofSeconds(behavior.getScaleDown().getStabilizationWindowSeconds());
        }
        return DEFAULT_SCALE_DOWN_WINDOW;
    }

    /** The scale subresource path of the kinds with one, or null. */
    static String scalePath(String ns, String apiVersion, String kind, String name) {
        String plural = switch (kind) {
            case "Deployment" -> "deployments";
            case "ReplicaSet" -> "replicasets";
            case "StatefulSet" -> "statefulsets";
            case "ReplicationController" -> "replicationcontrollers";
            default -> null;
        };
        if (plural == null || apiVersion == null) {
            return null;
        }
        String prefix = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
        return prefix + "/namespaces/" + URLEncoder.encode(ns, StandardCharsets.UTF_8) + "/" + plural + "/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/scale";
    }

    private static HorizontalPodAutoscalerCondition condition(HorizontalPodAutoscaler hpa, String type, String status, String reason,
                                                             String message, String now) {
        String transition = now;
        if (hpa.getStatus() != null && hpa.getStatus().getConditions() != null) {
            for (var c : hpa.getStatus().getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus())) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        return new HorizontalPodAutoscalerConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).build();
    }

    private void writeStatus(HorizontalPodAutoscaler hpa, Integer current, Integer desired,
                             List<HorizontalPodAutoscalerCondition> conditions, List<MetricStatus> currentMetrics) {
        client.resources(HorizontalPodAutoscaler.class).inNamespace(hpa.getMetadata().getNamespace())
                .withName(hpa.getMetadata().getName()).editStatus(h -> {
                    if (current != null) {
                        if (!Objects.equals(h.getStatus().getDesiredReplicas(), desired) && !Objects.equals(current, desired)) {
                            h.getStatus().setLastScaleTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                        }
                        h.getStatus().setCurrentReplicas(current);
                        h.getStatus().setDesiredReplicas(desired);
                    }
                    h.getStatus().setObservedGeneration(h.getMetadata().getGeneration());
                    h.getStatus().setConditions(conditions);
                    h.getStatus().setCurrentMetrics(currentMetrics); // none when they could not be read, as upstream
                    return h;
                });
    }

    @Override
    protected void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }
}
