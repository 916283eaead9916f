package dev.kube4j.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.controllers.runtime.RawRequests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resource metrics (cpu, memory) of a workload's pods from the resource metrics API
 * ({@code metrics.k8s.io/v1beta1}, served by metrics-server or any aggregated API), turned into a
 * replica recommendation per upstream's rules for Utilization and AverageValue targets; the
 * highest recommendation over the HPA's metrics wins. Null when no metrics API answers.
 */
final class ResourceMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourceMetrics() {
    }

    /** The replicas the metrics ask for, and each metric's current value for the HPA's status. */
    record Recommendation(int replicas, List<MetricStatus> current) {
    }

    static Recommendation recommend(KubernetesClient client, HorizontalPodAutoscaler hpa, String selector, int currentReplicas)
            throws InterruptedException, java.io.IOException {
        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        if (metrics == null || metrics.isEmpty() || selector.isEmpty()) {
            return null;
        }
        String ns = hpa.getMetadata().getNamespace();
        String body;
        try {
            body = RawRequests.get(client, "apis/metrics.k8s.io/v1beta1/namespaces/" + ns + "/pods?labelSelector="
                    + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        } catch (KubernetesClientException e) {
            return null;
        }
        if (body == null) {
            return null;
        }
        Map<String, Map<String, BigDecimal>> usage = usageByPod(JSON.readTree(body));
        if (usage.isEmpty()) {
            return null;
        }
        Map<String, Pod> pods = new HashMap<>();
        client.pods().inNamespace(ns).withLabelSelector(selector).list().getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
        Integer best = null;
        List<MetricStatus> current = new java.util.ArrayList<>();
        for (MetricSpec m : metrics) {
            if (m.getResource() == null) {
                continue;
            }
            String resource = m.getResource().getName();
            BigDecimal used = BigDecimal.ZERO;
            BigDecimal requested = BigDecimal.ZERO;
            int counted = 0;
            for (var e : usage.entrySet()) {
                Pod pod = pods.get(e.getKey());
                BigDecimal u = e.getValue().get(resource);
                if (pod == null || u == null) {
                    continue;
                }
                used = used.add(u);
                requested = requested.add(requests(pod, resource));
                counted++;
            }
            if (counted == 0) {
                continue;
            }
            var target = m.getResource().getTarget();
            double ratio;
            if (target.getAverageUtilization() != null) {
                if (requested.signum() == 0) {
                    continue; // upstream: missing request for the resource
                }
                double utilization = used.doubleValue() * 100 / requested.doubleValue();
                ratio = utilization / target.getAverageUtilization();
                current.add(status(resource, (int) utilization, used.doubleValue() / counted));
            } else if (target.getAverageValue() != null) {
                double average = used.doubleValue() / counted;
                ratio = average / Quantity.getAmountInBytes(target.getAverageValue()).doubleValue();
                current.add(status(resource, null, average));
            } else {
                continue;
            }
            int r = ReplicaCalculator.fromRatio(currentReplicas, ratio);
            best = best == null ? r : Math.max(best, r);
        }
        return best == null ? null : new Recommendation(best, current);
    }

    /** A Resource metric's current value as upstream reports it: utilization (if targeted) and the average, in milli-units. */
    private static MetricStatus status(String resource, Integer utilization, double average) {
        return new MetricStatusBuilder().withType("Resource").withNewResource().withName(resource)
                .withNewCurrent().withAverageUtilization(utilization)
                .withAverageValue(new Quantity(Math.round(average * 1000) + "m")).endCurrent()
                .endResource().build();
    }

    private static Map<String, Map<String, BigDecimal>> usageByPod(JsonNode list) {
        Map<String, Map<String, BigDecimal>> out = new HashMap<>();
        for (JsonNode item : list.path("items")) {
            Map<String, BigDecimal> sum = new HashMap<>();
            for (JsonNode c : item.path("containers")) {
                c.path("usage").fields().forEachRemaining(e -> sum.merge(e.getKey(),
                        Quantity.getAmountInBytes(new Quantity(e.getValue().asText())), BigDecimal::add));
            }
            out.put(item.path("metadata").path("name").asText(), sum);
        }
        return out;
    }

    private static BigDecimal requests(Pod pod, String resource) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getResources() != null && c.getResources().getRequests() != null && c.getResources().getRequests().get(resource) != null) {
                sum = sum.add(Quantity.getAmountInBytes(c.getResources().getRequests().get(resource)));
            }
        }
        return sum;
    }
}
