package dev.kube4j.controllers.disruption;

import dev.kube4j.controllers.SharedInformerController;
import dev.kube4j.controllers.runtime.Selectors;
import dev.kube4j.controllers.runtime.ControllerLoop;
import dev.kube4j.controllers.runtime.EventHandlers;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.ItemBackoff;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.SharedInformers;
import dev.kube4j.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Upstream's disruption controller: keeps each PodDisruptionBudget's status — expectedPods,
 * currentHealthy (Ready pods not being deleted nor just evicted), desiredHealthy (from
 * minAvailable or maxUnavailable, percentages of the pods' controllers' scale),
 * disruptionsAllowed, the DisruptionAllowed condition — which the eviction subresource spends.
 * Evictions recorded in {@code disruptedPods} count as gone until the pod is deleted, or for at
 * most two minutes.
 */
public final class DisruptionController extends SharedInformerController {

    /** Upstream's DeletionTimeout: how long an eviction may take to show as a deleted pod. */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    private final Clock clock = Clock.systemUTC();
    private SharedIndexInformer<PodDisruptionBudget> budgets;
    private SharedIndexInformer<Pod> pods;
    private ResourceEventHandler<PodDisruptionBudget> budgetHandler;
    private ResourceEventHandler<Pod> podHandler;
    private WorkQueue<String> queue;
    private ControllerLoop<String> loop;
    private KubernetesClient client;
    private ControllerScales scales;
    private EventRecorder events;

    @Override
    public String name() {
        return "disruption";
    }

    @Override
    public void start(KubernetesClient client, SharedInformers informers) {
        this.client = client;
        this.scales = new ControllerScales(client);
        this.events = new EventRecorder(client, "controllermanager");
        queue = new WorkQueue<>("disruption", new ItemBackoff<>(Duration.ofMillis(50), Duration.ofSeconds(30)));
        loop = new ControllerLoop<>("disruption", queue, this::reconcile, 2);
        budgets = informers.get(PodDisruptionBudget.class);
        pods = informers.get(Pod.class);
        budgetHandler = EventHandlers.onChange(b -> queue.add(Cache.metaNamespaceKeyFunc(b)), b -> { });
        podHandler = EventHandlers.onChange(this::enqueueBudgetsOf, this::enqueueBudgetsOf);
        budgets.addEventHandler(budgetHandler);
        pods.addEventHandler(podHandler);
        informers.whenSynced(loop::start);
    }

    private void enqueueBudgetsOf(Pod pod) {
        for (PodDisruptionBudget b : budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (Selectors.matches(b.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                queue.add(Cache.metaNamespaceKeyFunc(b));
            }
        }
    }

    ReconcileResult reconcile(String key) throws Exception {
        PodDisruptionBudget budget = budgets.getStore().getByKey(key);
        if (budget == null) {
            return ReconcileResult.done();
        }
        String ns = budget.getMetadata().getNamespace();
        List<Pod> selected = new ArrayList<>();
        LabelSelector selector = budget.getSpec().getSelector();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
            if (Selectors.matches(selector, p.getMetadata().getLabels())) {
                selected.add(p);
            }
        }
        if (selected.isEmpty()) {
            events.normal(budget, "NoPods", "No matching pods found");
        }
        int expected;
        int desired;
        try {
            var min = budget.getSpec().getMinAvailable();
            var max = budget.getSpec().getMaxUnavailable();
            expected = BudgetMath.needsScale(min, max) ? expectedScale(budget, selected) : selected.size();
            desired = BudgetMath.desiredHealthy(min, max, expected);
        } catch (IllegalStateException | IllegalArgumentException e) {
            failSafe(budget, e.getMessage());
            return ReconcileResult.requeueWithBackoff();
        }
        Instant now = clock.instant();
        Map<String, String> disrupted = new TreeMap<>();
        Instant recheck = null;
        Map<String, String> recorded = budget.getStatus() == null || budget.getStatus().getDisruptedPods() == null
                ? Map.of() : budget.getStatus().getDisruptedPods();
        for (Pod p : selected) {
            String at = recorded.get(p.getMetadata().getName());
            if (p.getMetadata().getDeletionTimestamp() != null || at == null) {
                continue;
            }
            Instant expires = Instant.parse(at).plus(DELETION_TIMEOUT);
            if (expires.isBefore(now)) {
                events.warning(p, "NotDeleted", "Pod was expected by PDB " + budget.getMetadata().getName()
                        + " to be deleted but it wasn't");
                continue;
            }
            disrupted.put(p.getMetadata().getName(), at);
            recheck = recheck == null || expires.isBefore(recheck) ? expires : recheck;
        }
        int healthy = 0;
        for (Pod p : selected) {
            if (p.getMetadata().getDeletionTimestamp() == null && !disrupted.containsKey(p.getMetadata().getName()) && isReady(p)) {
                healthy++;
            }
        }
        writeStatus(budget, healthy, desired, expected, disrupted);
        return recheck == null ? ReconcileResult.done()
                : ReconcileResult.requeueAfter(Duration.between(now, recheck).plusSeconds(1));
    }

    /** Upstream's getExpectedScale: the sum of the scales of the pods' controllers; every pod must have one. */
    private int expectedScale(PodDisruptionBudget budget, List<Pod> selected) throws Exception {
        Map<String, Integer> byController = new HashMap<>();
        List<String> unmanaged = new ArrayList<>();
        for (Pod p : selected) {
            OwnerReference ref = p.getMetadata().getOwnerReferences().stream()
                    .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
            if (ref == null) {
                unmanaged.add(p.getMetadata().getName());
                continue;
            }
            if (byController.containsKey(ref.getUid())) {
                continue;
            }
            var scale = scales.of(ref, p.getMetadata().getNamespace())
                    .orElseThrow(() -> new IllegalStateException("found no controllers for pod \"" + p.getMetadata().getName() + "\""));
            byController.put(scale.uid(), scale.replicas());
        }
        if (!unmanaged.isEmpty()) {
            events.warning(budget, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
                    + SelectorText.of(budget.getSpec().getSelector()) + ") were found to be unmanaged. As a result, the status "
                    + "of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for "
                    + "these pods please set \".spec.minAvailable\" field of the PDB to an integer value.");
        }
        return byController.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static boolean isReady(Pod p) {
        if (p.getStatus() == null) {
            return false;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private void writeStatus(PodDisruptionBudget budget, int healthy, int desired, int expected, Map<String, String> disrupted) {
        int allowed = BudgetMath.disruptionsAllowed(healthy, desired, expected);
        PodDisruptionBudgetStatus old = budget.getStatus();
        long generation = budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration();
        if (old != null && Objects.equals(old.getCurrentHealthy(), healthy) && Objects.equals(old.getDesiredHealthy(), desired)
                && Objects.equals(old.getExpectedPods(), expected) && Objects.equals(old.getDisruptionsAllowed(), allowed)
                && Objects.equals(old.getObservedGeneration(), generation)
                && Objects.equals(old.getDisruptedPods() == null ? Map.of() : old.getDisruptedPods(), disrupted)
                && hasCondition(old, allowed > 0 ? "SufficientPods" : "InsufficientPods")) {
            return;
        }
        PodDisruptionBudget updated = client.getKubernetesSerialization().clone(budget);
        PodDisruptionBudgetStatus s = new PodDisruptionBudgetStatus();
        s.setCurrentHealthy(healthy);
        s.setDesiredHealthy(desired);
        s.setExpectedPods(expected);
        s.setDisruptionsAllowed(allowed);
        s.setDisruptedPods(disrupted.isEmpty() ? null : disrupted);
        s.setObservedGeneration(generation);
        s.setConditions(conditions(old, allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods", "",
                generation));
        updated.setStatus(s);
        client.policy().v1().podDisruptionBudget().inNamespace(budget.getMetadata().getNamespace()).resource(updated).updateStatus();
    }

    /** Upstream's failSafe: no disruption allowed while the status cannot be computed. */
    private void failSafe(PodDisruptionBudget budget, String why) {
        PodDisruptionBudget updated = client.getKubernetesSerialization().clone(budget);
        PodDisruptionBudgetStatus s = updated.getStatus() == null ? new PodDisruptionBudgetStatus() : updated.getStatus();
        long generation = budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration();
        s.setDisruptionsAllowed(0);
        s.setObservedGeneration(generation);
        s.setConditions(conditions(budget.getStatus(), "False", "SyncFailed", why, generation));
        updated.setStatus(s);
        client.policy().v1().podDisruptionBudget().inNamespace(budget.getMetadata().getNamespace()).resource(updated).updateStatus();
    }

    private static boolean hasCondition(PodDisruptionBudgetStatus s, String reason) {
        return s.getConditions() != null && s.getConditions().stream()
                .anyMatch(c -> "DisruptionAllowed".equals(c.getType()) && reason.equals(c.getReason()));
    }

    private List<Condition> conditions(PodDisruptionBudgetStatus old, String status, String reason, String message, long generation) {
        List<Condition> out = new ArrayList<>();
        String transition = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (old != null && old.getConditions() != null) {
            for (Condition c : old.getConditions()) {
                if (!"DisruptionAllowed".equals(c.getType())) {
                    out.add(c);
                } else if (status.equals(c.getStatus())) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        out.add(new ConditionBuilder().withType("DisruptionAllowed").withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(transition).build());
        return out;
    }

    @Override
    protected void stop() throws InterruptedException {
        if (budgets != null) {
            budgets.removeEventHandler(budgetHandler);
            pods.removeEventHandler(podHandler);
        }
        if (loop != null) {
            loop.close();
        }
    }
}
