package dev.kube4j.controllers.resourcequota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kube4j.api.quota.QuotaEvaluator;
import dev.kube4j.api.quota.QuotaEvaluator.QuotaResource;
import dev.kube4j.api.quota.ResourceLists;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.controllers.Controller;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upstream's resourcequota controller: each quota's {@code status.hard} follows
 * {@code spec.hard} and {@code status.used} is recounted from the objects of its namespace
 * (through the same evaluators as the ResourceQuota admission), at every quota change, when
 * objects it counts are deleted or pods finish, and every sync period. Usage admission charged
 * for a write that then failed is given back here.
 */
public final class ResourceQuotaController implements Controller {

    private static final Logger log = LoggerFactory.getLogger(ResourceQuotaController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration syncPeriod;
    private final Clock clock;
    private SharedIndexInformer<ResourceQuota> quotas;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private KubernetesClient client;
    private QuotaResources resources;
    private Replenishment replenishment;

    /** @param syncPeriod kube-controller-manager's {@code --resource-quota-sync-period} (5 min) */
    public ResourceQuotaController(Duration syncPeriod) {
        this.syncPeriod = syncPeriod;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String name() {
        return "resourcequota";
    }

    @Override
    public void start(KubernetesClient client) {
        this.client = client;
        this.resources = new QuotaResources(client);
        queue = new WorkQueue<>("resourcequota", new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(30)));
        loop = new ControllerLoop<>("resourcequota", queue, this::reconcile, 2);
        replenishment = new Replenishment(client, resources, this::enqueueNamespace);
        quotas = client.resourceQuotas().inAnyNamespace().runnableInformer(syncPeriod.toMillis());
        quotas.addEventHandler(EventHandlers.onChange(q -> queue.add(Cache.metaNamespaceKeyFunc(q)), q -> { }));
        quotas.exceptionHandler((started, t) -> {
            log.debug("resourcequota informer: {}", t.toString());
            return true;
        });
        quotas.start();
        loop.start();
    }

    private void enqueueNamespace(String namespace) {
        for (ResourceQuota q : quotas.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            queue.add(Cache.metaNamespaceKeyFunc(q));
        }
    }

    ReconcileResult reconcile(String key) throws Exception {
        ResourceQuota quota = quotas.getStore().getByKey(key);
        if (quota == null || quota.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done();
        }
        JsonNode quotaJson = JSON.readTree(client.getKubernetesSerialization().asJson(quota));
        TreeMap<String, Quantity> hard = ResourceLists.fromJson(quotaJson.path("spec").path("hard"));
        TreeMap<String, Quantity> used = ResourceLists.fromJson(quotaJson.path("status").path("used"));
        used.putAll(usage(quotaJson, hard, quota.getMetadata().getNamespace()));
        used = ResourceLists.mask(used, hard.keySet());
        TreeMap<String, Quantity> oldHard = ResourceLists.fromJson(quotaJson.path("status").path("hard"));
        TreeMap<String, Quantity> oldUsed = ResourceLists.fromJson(quotaJson.path("status").path("used"));
        if (oldHard.equals(hard) && oldUsed.equals(used) && oldHard.keySet().equals(hard.keySet())) {
            return ReconcileResult.done();
        }
        ResourceQuota updated = client.getKubernetesSerialization().clone(quota);
        updated.setStatus(new ResourceQuotaStatus(quantities(hard), quantities(used)));
        // PUT with the cached resourceVersion: a concurrent admission charge makes it a conflict, retried on fresh state
        client.resourceQuotas().inNamespace(quota.getMetadata().getNamespace()).resource(updated).updateStatus();
        return ReconcileResult.done();
    }

    /** Upstream's CalculateUsage: each counted resource name starts at zero, then every matching object adds its usage. */
    private Map<String, Quantity> usage(JsonNode quota, Map<String, Quantity> hard, String namespace) throws Exception {
        Set<QuotaResource> counted = new LinkedHashSet<>();
        hard.keySet().forEach(name -> QuotaEvaluator.resourceOf(name).ifPresent(counted::add));
        TreeMap<String, Quantity> total = new TreeMap<>();
        for (QuotaResource r : counted) {
            replenishment.watch(r);
            List<String> names = QuotaEvaluator.matchingResources(r, hard.keySet());
            names.forEach(n -> total.put(n, Quantity.ZERO));
            for (JsonNode item : resources.list(r, namespace)) {
                if (QuotaEvaluator.matchesScopes(quota, r, item)) {
                    total.putAll(ResourceLists.add(total, ResourceLists.mask(QuotaEvaluator.usage(r, item, clock.instant()), names)));
                }
            }
        }
        return total;
    }

    private static Map<String, io.fabric8.kubernetes.api.model.Quantity> quantities(Map<String, Quantity> list) {
        Map<String, io.fabric8.kubernetes.api.model.Quantity> out = new TreeMap<>();
        list.forEach((k, v) -> out.put(k, new io.fabric8.kubernetes.api.model.Quantity(v.toString())));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (quotas != null) {
            quotas.close();
        }
        if (replenishment != null) {
            replenishment.close();
        }
        if (loop != null) {
            loop.close();
        }
    }
}
