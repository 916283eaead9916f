package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.quota.QuotaEvaluator;
import dev.kube4j.api.quota.QuotaEvaluator.QuotaResource;
import dev.kube4j.api.quota.ResourceLists;
import dev.kube4j.apiserver.admission.AdmissionRequest.Operation;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ObjectCodec;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.resource.Quantity;
import dev.kube4j.store.ConflictException;
import dev.kube4j.store.KeyNotFoundException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upstream's ResourceQuota admission (validating): a write that would take a quota's
 * {@code status.used} above its {@code status.hard} is refused ("exceeded quota: …"); an allowed
 * one is charged to every matching quota's status at once, by compare-and-swap on the quota, so
 * that concurrent creates cannot overshoot. The ResourceQuota controller recounts usage from
 * the objects themselves (releasing what deletes and failed writes freed).
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {

    private static final int MAX_ATTEMPTS = 20;

    private final AdmissionLookup lookup;
    private final Store store;
    private final Clock clock;

    public ResourceQuotaAdmission(AdmissionLookup lookup, Store store, Clock clock) {
        this.lookup = lookup;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void admit(AdmissionRequest r) {
    }

    @Override
    public void validate(AdmissionRequest r) {
        ApiResource res = r.resource();
        if (!res.def().namespaced() || !r.subresource().isEmpty() || !handles(r)) {
            return;
        }
        QuotaResource qr = new QuotaResource(res.group(), res.plural());
        List<ObjectNode> quotas = lookup.list("", "resourcequotas", r.namespace());
        if (quotas.isEmpty()) {
            return;
        }
        Optional<ApiResource> quotaResource = lookup.resource("", "resourcequotas");
        if (quotaResource.isEmpty()) {
            return;
        }
        TreeMap<String, Quantity> delta = QuotaEvaluator.usage(qr, r.object(), clock.instant());
        if (r.operation() == Operation.UPDATE && r.oldObject() != null) {
            delta = ResourceLists.subtractNonNegative(delta, QuotaEvaluator.usage(qr, r.oldObject(), clock.instant()));
        }
        for (ObjectNode listed : quotas) {
            String name = listed.path("metadata").path("name").asText();
            charge(r, qr, quotaResource.get(), name, delta);
        }
    }

    /** Upstream's evaluators: every create; updates only of services and claims, whose usage can grow. */
    private static boolean handles(AdmissionRequest r) {
        if (r.operation() == Operation.CREATE) {
            return true;
        }
        return r.operation() == Operation.UPDATE && r.resource().group().isEmpty()
                && Set.of("services", "persistentvolumeclaims").contains(r.resource().plural());
    }

    /** Checks and charges one quota, re-reading it after a concurrent change. */
    private void charge(AdmissionRequest r, QuotaResource qr, ApiResource quotaResource, String quotaName,
                        Map<String, Quantity> delta) {
        String key = quotaResource.key(r.namespace(), quotaName);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<KeyValue> kv = store.get(key);
            if (kv.isEmpty()) {
                return;
            }
            ObjectNode quota = ObjectCodec.decodeStored(kv.get().value(), kv.get().modRevision());
            TreeMap<String, Quantity> hard = ResourceLists.fromJson(quota.path("status").path("hard"));
            List<String> restricted = QuotaEvaluator.matchingResources(qr, hard.keySet());
            if (restricted.isEmpty() || !QuotaEvaluator.matchesScopes(quota, qr, r.object())) {
                return;
            }
            if (qr.equals(QuotaResource.PODS)) {
                String unmet = QuotaEvaluator.podConstraints(restricted, r.object());
                if (unmet != null) {
                    throw r.forbidden("failed quota: " + quotaName + ": " + unmet);
                }
            }
            TreeMap<String, Quantity> used = ResourceLists.fromJson(quota.path("status").path("used"));
            List<String> unknown = new ArrayList<>(new TreeSet<>(restricted));
            unknown.removeAll(used.keySet());
            if (!unknown.isEmpty()) {
                throw r.forbidden("status unknown for quota: " + quotaName + ", resources: " + String.join(",", unknown));
            }
            TreeMap<String, Quantity> requested = ResourceLists.mask(delta, hard.keySet());
            if (ResourceLists.isZero(requested)) {
                return;
            }
            TreeMap<String, Quantity> newUsage = ResourceLists.add(used, requested);
            Set<String> exceeded = ResourceLists.exceeding(ResourceLists.mask(newUsage, requested.keySet()), hard);
            if (!exceeded.isEmpty()) {
                throw r.forbidden("exceeded quota: " + quotaName
                        + ", requested: " + ResourceLists.prettyPrint(ResourceLists.mask(requested, exceeded))
                        + ", used: " + ResourceLists.prettyPrint(ResourceLists.mask(used, exceeded))
                        + ", limited: " + ResourceLists.prettyPrint(ResourceLists.mask(hard, exceeded)));
            }
            if (r.dryRun()) {
                return;
            }
            JsonNode oldUsed = quota.path("status").path("used");
            ObjectNode updatedUsed = ResourceLists.toJson(newUsage);
            if (updatedUsed.equals(oldUsed)) {
                return;
            }
            quota.with("status").set("used", updatedUsed);
            try {
                store.update(key, ObjectCodec.encodeForStorage(quotaResource.forStorage(quota)), kv.get().modRevision());
                return;
            } catch (ConflictException | KeyNotFoundException e) {
                // another write charged or recounted the quota meanwhile: decide again on its new state
            }
        }
        throw ApiException.conflict("", "resourcequotas", quotaName, "too many concurrent quota updates, try again");
    }
}
