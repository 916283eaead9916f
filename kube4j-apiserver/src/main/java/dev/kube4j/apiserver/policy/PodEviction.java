package dev.kube4j.apiserver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.selector.LabelSelector;
import dev.kube4j.apiserver.admission.AdmissionLookup;
import dev.kube4j.apiserver.auth.UserInfo;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.DeleteOptions;
import dev.kube4j.apiserver.registry.GenericRegistry;
import dev.kube4j.apiserver.registry.ObjectMetaOps;

import java.util.List;
import java.util.Optional;

/**
 * The {@code pods/eviction} subresource (upstream's EvictionREST): deletes a pod unless that
 * would take a PodDisruptionBudget below what it allows. The budget's
 * {@code status.disruptionsAllowed} is decremented by compare-and-swap (so two evictions can't
 * both take the last allowed disruption) and the pod is recorded in {@code disruptedPods} until
 * the disruption controller sees it gone; a refusal is upstream's 429 with a DisruptionBudget
 * cause, which {@code kubectl drain} retries.
 */
public final class PodEviction {

    static final String TOO_MANY = "Cannot evict pod as it would violate the pod's disruption budget.";
    static final String CAUSE = "DisruptionBudget";
    /** Upstream's MaxDisruptedPodSize: evictions the controller has not confirmed yet. */
    static final int MAX_DISRUPTED_PODS = 2000;

    private final GenericRegistry registry;
    private final AdmissionLookup lookup;

    public PodEviction(GenericRegistry registry, AdmissionLookup lookup) {
        this.registry = registry;
        this.lookup = lookup;
    }

    /** Evicts pod {@code name}; {@code options} are the Eviction's deleteOptions. Returns normally once deleted. */
    public void evict(ApiResource pods, String ns, String name, ObjectNode eviction, DeleteOptions options, UserInfo user) {
        String bodyName = eviction.path("metadata").path("name").asText("");
        if (!bodyName.equals(name)) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        ObjectNode pod = registry.get(pods, ns, name);
        if (canIgnoreBudget(pod)) {
            // already disrupted (or never running): deleting it disrupts nothing more
            deleteWithCondition(pods, ns, name, pinned(options, pod), user);
            return;
        }
        List<ObjectNode> budgets = budgetsFor(pod, ns);
        if (budgets.size() > 1) {
            throw new ApiException(500, "InternalError",
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", null);
        }
        DeleteOptions deleteOptions = options;
        if (!budgets.isEmpty()) {
            ObjectNode budget = budgets.getFirst();
            if (!isReady(pod) && unhealthyMayGo(budget)) {
                deleteOptions = pinned(options, pod); // unready: no budget spent, but only this very pod version
            } else {
                decrement(ns, budget.path("metadata").path("name").asText(), name, user, options.dryRun());
            }
        }
        deleteWithCondition(pods, ns, name, deleteOptions, user);
    }

    /** Upstream's canIgnorePDB: finished, pending, or already terminating pods. */
    static boolean canIgnoreBudget(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
                || pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    static boolean isReady(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    /** An unready pod may go without spending the budget when the policy says so, or the budget is met anyway. */
    static boolean unhealthyMayGo(JsonNode budget) {
        if ("AlwaysAllow".equals(budget.path("spec").path("unhealthyPodEvictionPolicy").asText())) {
            return true;
        }
        JsonNode s = budget.path("status");
        return s.path("currentHealthy").asInt(0) >= s.path("desiredHealthy").asInt(0) && s.path("desiredHealthy").asInt(0) > 0;
    }

    /** Budgets of the namespace whose selector matches the pod; a null or empty selector matches none here, as upstream. */
    private List<ObjectNode> budgetsFor(JsonNode pod, String ns) {
        JsonNode labels = pod.path("metadata").path("labels");
        return lookup.list("policy", "poddisruptionbudgets", ns).stream().filter(b -> {
            JsonNode selector = b.path("spec").path("selector");
            if (!selector.isObject() || selector.isEmpty()) {
                return false;
            }
            try {
                LabelSelector s = LabelSelector.fromJson(selector);
                return !s.matchesNothing() && s.matches(labels);
            } catch (ApiException e) {
                return false;
            }
        }).toList();
    }

    /** Upstream's checkAndDecrement, applied to the budget's current version under compare-and-swap. */
    private void decrement(String ns, String budgetName, String podName, UserInfo user, boolean dryRun) {
        ApiResource budgets = lookup.resource("policy", "poddisruptionbudgets").orElseThrow();
        registry.guaranteedUpdate(budgets, ns, budgetName, "status", user, dryRun, false, budget -> {
            JsonNode status = budget.path("status");
            if (status.path("observedGeneration").asLong(0) < budget.path("metadata").path("generation").asLong(0)) {
                throw tooManyRequests("The disruption budget " + budgetName + " is still being processed by the server.");
            }
            int allowed = status.path("disruptionsAllowed").asInt(0);
            if (allowed < 0) {
                throw ApiException.forbidden("policy", "poddisruptionbudget", budgetName, "pdb disruptions allowed is negative");
            }
            if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
                throw ApiException.forbidden("policy", "poddisruptionbudget", budgetName,
                        "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }
            if (allowed == 0) {
                throw tooManyRequests("The disruption budget " + budgetName + " needs " + status.path("desiredHealthy").asInt(0)
                        + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently");
            }
            ObjectNode s = budget.with("status");
            s.put("disruptionsAllowed", allowed - 1);
            if (allowed - 1 == 0) {
                DisruptionConditions.setAllowed(s, false);
            }
            s.with("disruptedPods").put(podName, ObjectMetaOps.now());
            return budget;
        });
    }

    static ApiException tooManyRequests(String causeMessage) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ArrayNode causes = details.putArray("causes");
        causes.addObject().put("reason", CAUSE).put("message", causeMessage);
        details.put("retryAfterSeconds", 0);
        return new ApiException(429, "TooManyRequests", TOO_MANY, details);
    }

    /** The eviction's own options, or a precondition on the pod version that was checked. */
    private static DeleteOptions pinned(DeleteOptions o, JsonNode pod) {
        if (o.preconditionResourceVersion() != null) {
            return o;
        }
        return new DeleteOptions(o.gracePeriodSeconds(), o.preconditionUid(),
                pod.path("metadata").path("resourceVersion").asText(), o.propagationPolicy(), o.dryRun());
    }

    /** Upstream's addConditionAndDeletePod: DisruptionTarget=True (EvictionByEvictionAPI), then the delete. */
    private void deleteWithCondition(ApiResource pods, String ns, String name, DeleteOptions options, UserInfo user) {
        DeleteOptions effective = options;
        if (!options.dryRun()) {
            ObjectNode updated = registry.guaranteedUpdate(pods, ns, name, "status", user, false,
                    options.preconditionResourceVersion() != null, pod -> {
                        String rv = options.preconditionResourceVersion();
                        if (rv != null && !rv.equals(pod.path("metadata").path("resourceVersion").asText())) {
                            throw ApiException.conflict("", "pods", name, "Precondition failed: ResourceVersion in precondition: "
                                    + rv + ", ResourceVersion in object meta: " + pod.path("metadata").path("resourceVersion").asText());
                        }
                        setDisruptionTarget(pod);
                        return pod;
                    });
            if (options.preconditionResourceVersion() != null) {
                // the condition we just wrote is the only change allowed since the check
                effective = new DeleteOptions(options.gracePeriodSeconds(), options.preconditionUid(),
                        updated.path("metadata").path("resourceVersion").asText(), options.propagationPolicy(), false);
            }
        }
        registry.delete(pods, ns, name, effective, user);
    }

    private static void setDisruptionTarget(ObjectNode pod) {
        ArrayNode conditions = pod.with("status").withArray("conditions");
        Optional<ObjectNode> existing = Optional.empty();
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals("DisruptionTarget")) {
                existing = Optional.of((ObjectNode) c);
            }
        }
        ObjectNode c = existing.orElseGet(conditions::addObject);
        boolean changed = !c.path("status").asText().equals("True");
        c.put("type", "DisruptionTarget");
        c.put("status", "True");
        c.putNull("lastProbeTime");
        if (changed || !c.has("lastTransitionTime")) {
            c.put("lastTransitionTime", ObjectMetaOps.now());
        }
        c.put("reason", "EvictionByEvictionAPI");
        c.put("message", "Eviction API: evicting");
    }
}
