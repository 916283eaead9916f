package dev.kube4j.controllers.deployment;

import dev.kube4j.controllers.runtime.ControllerRefManager;
import dev.kube4j.controllers.runtime.EventRecorder;
import dev.kube4j.controllers.runtime.MergePatch;
import dev.kube4j.controllers.runtime.OwnerReferences;
import dev.kube4j.controllers.runtime.PodOwnerIndex;
import dev.kube4j.controllers.runtime.ReconcileResult;
import dev.kube4j.controllers.runtime.Selectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reconcile step for one Deployment ("namespace/name"), following upstream's syncDeployment:
 * claim ReplicaSets, then either only refresh status (being deleted), scale proportionally (paused
 * or a scaling event) or roll out (RollingUpdate / Recreate), and finally report progress.
 */
final class DeploymentSync {

    private final KubernetesClient client;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Pod> pods;
    private final EventRecorder events;

    DeploymentSync(KubernetesClient client, SharedIndexInformer<Deployment> deployments,
                   SharedIndexInformer<ReplicaSet> replicaSets, SharedIndexInformer<Pod> pods) {
        this.client = client;
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.events = new EventRecorder(client, "deployment-controller");
    }

    /** The new ReplicaSet (null if none yet) and the others. */
    record Sets(ReplicaSet newRS, List<ReplicaSet> old) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(old);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }
    }

    ReconcileResult reconcile(String key) throws Exception {
        Deployment cached = deployments.getIndexer().getByKey(key);
        if (cached == null) {
            return ReconcileResult.done();
        }
        Deployment d = client.getKubernetesSerialization().clone(cached);
        d.setApiVersion("apps/v1");
        d.setKind("Deployment");
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        if (Selectors.isEmpty(d.getSpec().getSelector()) || d.getSpec().getSelector() == null) {
            events.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            if (DeploymentStatusCalculator.ln(d.getStatus().getObservedGeneration()) < DeploymentStatusCalculator.ln(d.getMetadata().getGeneration())) {
                d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
                updateStatus(d);
            }
            return ReconcileResult.done();
        }
        List<ReplicaSet> rsList = claimReplicaSets(d);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            Sets sets = sets(d, rsList, false);
            syncDeploymentStatus(sets, d);
            return ReconcileResult.done();
        }
        checkPausedConditions(d);
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isScalingEvent(d, rsList)) {
            return sync(d, rsList);
        }
        Duration requeue = DeploymentStatusCalculator.isRollingUpdate(d)
                ? new RollingRollout(this, d, rsList).run()
                : new RecreateRollout(this, d, rsList).run();
        return requeue == null ? ReconcileResult.done() : ReconcileResult.requeueAfter(requeue);
    }

    // ---- ReplicaSets ----

    private List<ReplicaSet> claimReplicaSets(Deployment d) {
        LabelSelector selector = d.getSpec().getSelector();
        List<ReplicaSet> candidates = replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, d.getMetadata().getNamespace());
        return new ControllerRefManager<>(client, ReplicaSet.class, d,
                rs -> Selectors.matches(selector, rs.getMetadata().getLabels()), ControllerRefManager.freshOwnerCheck(client, d))
                .claim(candidates);
    }

    /** Pods of each ReplicaSet (by controller reference), for Recreate's "old pods still running". */
    Map<String, List<Pod>> podsByReplicaSet(Deployment d, List<ReplicaSet> rsList) {
        Map<String, List<Pod>> byUid = new HashMap<>();
        for (ReplicaSet rs : rsList) {
            byUid.put(rs.getMetadata().getUid(), new ArrayList<>(PodOwnerIndex.owned(pods, rs)));
        }
        return byUid;
    }

    /**
     * upstream's getAllReplicaSetsAndSyncRevision: finds the new ReplicaSet (template equal to the
     * Deployment's), raises its revision above the old ones, and creates it when asked.
     */
    Sets sets(Deployment d, List<ReplicaSet> rsList, boolean create) {
        List<ReplicaSet> sorted = new ArrayList<>(rsList);
        sorted.sort(ReplicaSets.BY_CREATION);
        ReplicaSet existing = null;
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : sorted) {
            if (existing == null && ReplicaSets.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                existing = rs;
            } else {
                old.add(rs);
            }
        }
        long newRevision = Revisions.max(old) + 1;
        if (existing != null) {
            return new Sets(syncExistingNewReplicaSet(d, existing, newRevision), old);
        }
        if (!create) {
            return new Sets(null, old);
        }
        return new Sets(createNewReplicaSet(d, old, newRevision), old);
    }

    private ReplicaSet syncExistingNewReplicaSet(Deployment d, ReplicaSet existing, long newRevision) {
        ReplicaSet copy = client.getKubernetesSerialization().clone(existing);
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(copy.getMetadata().getAnnotations());
        boolean changed = Revisions.setNewReplicaSetAnnotations(d.getMetadata().getAnnotations(), annotations, newRevision,
                true, DeploymentStatusCalculator.desired(d), DeploymentStatusCalculator.maxSurge(d));
        int minReady = DeploymentStatusCalculator.n(d.getSpec().getMinReadySeconds());
        if (changed || DeploymentStatusCalculator.n(copy.getSpec().getMinReadySeconds()) != minReady) {
            copy.getMetadata().setAnnotations(annotations);
            copy.getSpec().setMinReadySeconds(minReady);
            return updateReplicaSet(copy);
        }
        boolean statusChanged = false;
        if (DeploymentStatusCalculator.hasProgressDeadline(d)
                && DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING) == null) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.create(DeploymentConditions.PROGRESSING, "True",
                    DeploymentConditions.FOUND_NEW_RS, "Found new replica set \"" + copy.getMetadata().getName() + "\""));
            statusChanged = true;
        }
        if (statusChanged) {
            updateStatus(d);
        }
        setDeploymentRevision(d, annotations.get(Revisions.REVISION));
        return copy;
    }

    private ReplicaSet createNewReplicaSet(Deployment d, List<ReplicaSet> old, long newRevision) {
        Integer collisionCount = d.getStatus().getCollisionCount();
        String hash = PodTemplateHash.compute(d.getSpec().getTemplate(), collisionCount);
        PodTemplateSpec template = client.getKubernetesSerialization().clone(d.getSpec().getTemplate());
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMetaBuilder().build());
        }
        Map<String, String> podLabels = template.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(template.getMetadata().getLabels());
        podLabels.put(PodTemplateHash.LABEL, hash);
        template.getMetadata().setLabels(podLabels);
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).build();
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(selector.getMatchLabels());
        matchLabels.put(PodTemplateHash.LABEL, hash);
        selector.setMatchLabels(matchLabels);
        int desired = DeploymentStatusCalculator.desired(d);
        int replicas = DeploymentStatusCalculator.isRollingUpdate(d)
                ? RollingMath.newReplicaSetReplicas(desired, DeploymentStatusCalculator.maxSurge(d),
                ReplicaSets.sum(old, ReplicaSets::replicas), 0)
                : desired;
        Map<String, String> annotations = new LinkedHashMap<>();
        Revisions.setNewReplicaSetAnnotations(d.getMetadata().getAnnotations(), annotations, newRevision, false,
                desired, DeploymentStatusCalculator.maxSurge(d));
        String name = d.getMetadata().getName() + "-" + hash;
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
                .withLabels(podLabels).withAnnotations(annotations)
                .withOwnerReferences(OwnerReferences.controllerRef(d, "apps/v1", "Deployment")).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(DeploymentStatusCalculator.n(d.getSpec().getMinReadySeconds()))
                .withSelector(selector).withTemplate(template).endSpec()
                .build();
        ReplicaSet created;
        boolean alreadyExisted = false;
        try {
            created = client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                ReplicaSet there = client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).withName(name).get();
                if (there != null && OwnerReferences.isControlledBy(there, d.getMetadata().getUid())
                        && ReplicaSets.equalIgnoringHash(there.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                    // Our own earlier create, not yet in the cache.
                    created = there;
                    alreadyExisted = true;
                } else {
                    // A hash collision: bump the count so the next sync computes another name.
                    d.getStatus().setCollisionCount(collisionCount == null ? 1 : collisionCount + 1);
                    updateStatus(d);
                    throw new IllegalStateException("hash collision for replica set " + name + ", collisionCount now "
                            + d.getStatus().getCollisionCount());
                }
            } else {
                String msg = "Failed to create new replica set \"" + name + "\": " + message(e);
                if (DeploymentStatusCalculator.hasProgressDeadline(d)) {
                    DeploymentConditions.set(d.getStatus(), DeploymentConditions.create(DeploymentConditions.PROGRESSING,
                            "False", DeploymentConditions.FAILED_RS_CREATE, msg));
                    updateStatus(d);
                }
                events.warning(d, "FailedCreate", msg);
                throw e;
            }
        }
        if (!alreadyExisted && replicas > 0) {
            events.normal(d, "ScalingReplicaSet", "Scaled up replica set " + name + " from 0 to " + replicas);
        }
        if (!alreadyExisted && DeploymentStatusCalculator.hasProgressDeadline(d)) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.create(DeploymentConditions.PROGRESSING, "True",
                    DeploymentConditions.NEW_REPLICA_SET, "Created new replica set \"" + name + "\""));
            updateStatus(d);
        }
        setDeploymentRevision(d, Long.toString(newRevision));
        return created;
    }

    /** The Deployment's revision annotation follows its new ReplicaSet's. */
    private void setDeploymentRevision(Deployment d, String revision) {
        Map<String, String> a = d.getMetadata().getAnnotations();
        if (revision == null || (a != null && revision.equals(a.get(Revisions.REVISION)))) {
            return;
        }
        Map<String, Object> patch = Map.of("metadata", Map.of("annotations", Map.of(Revisions.REVISION, revision)));
        Deployment patched = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), MergePatch.json(patch));
        d.getMetadata().setAnnotations(patched.getMetadata().getAnnotations());
        d.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
    }

    // ---- scaling ----

    /** Upstream's isScalingEvent: an active ReplicaSet records another desired size than the Deployment's. */
    private boolean isScalingEvent(Deployment d, List<ReplicaSet> rsList) {
        Sets sets = sets(d, rsList, false);
        for (ReplicaSet rs : ReplicaSets.active(sets.all())) {
            Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
            if (desired != null && desired != DeploymentStatusCalculator.desired(d)) {
                return true;
            }
        }
        return false;
    }

    /** Paused or scaled: resize the ReplicaSets without rolling, clean up, refresh status. */
    private ReconcileResult sync(Deployment d, List<ReplicaSet> rsList) {
        Sets sets = sets(d, rsList, false);
        scale(d, sets.newRS(), sets.old());
        cleanup(d, sets.old());
        syncDeploymentStatus(sets, d);
        return ReconcileResult.done();
    }

    /** Upstream's scale: one active ReplicaSet takes it all; otherwise the change is shared proportionally. */
    private void scale(Deployment d, ReplicaSet newRS, List<ReplicaSet> old) {
        int desired = DeploymentStatusCalculator.desired(d);
        ReplicaSet activeOrLatest = activeOrLatest(newRS, old);
        if (activeOrLatest != null) {
            if (ReplicaSets.replicas(activeOrLatest) != desired) {
                scaleReplicaSet(activeOrLatest, desired, d);
            }
            return;
        }
        if (saturated(d, newRS)) {
            for (ReplicaSet rs : ReplicaSets.active(old)) {
                scaleReplicaSet(rs, 0, d);
            }
            return;
        }
        if (!DeploymentStatusCalculator.isRollingUpdate(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(newRS);
        List<ReplicaSet> active = new ArrayList<>(ReplicaSets.active(all));
        int maxSurge = DeploymentStatusCalculator.maxSurge(d);
        int allowed = desired > 0 ? desired + maxSurge : 0;
        int toAdd = allowed - ReplicaSets.sum(active, ReplicaSets::replicas);
        active.sort(toAdd > 0 ? ReplicaSets.BY_SIZE_NEWER : ReplicaSets.BY_SIZE_OLDER);
        int added = 0;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (ReplicaSet rs : active) {
            int size = ReplicaSets.replicas(rs);
            if (toAdd != 0) {
                Integer annotated = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS);
                int proportion = RollingMath.proportion(size, annotated != null ? annotated
                        : DeploymentStatusCalculator.n(d.getStatus().getReplicas()), desired, maxSurge, toAdd, added);
                sizes.put(rs.getMetadata().getName(), size + proportion);
                added += proportion;
            } else {
                sizes.put(rs.getMetadata().getName(), size);
            }
        }
        for (int i = 0; i < active.size(); i++) {
            ReplicaSet rs = active.get(i);
            int size = sizes.get(rs.getMetadata().getName());
            if (i == 0 && toAdd != 0) {
                // Leftovers from rounding go to the largest ReplicaSet.
                size = Math.max(0, size + toAdd - added);
            }
            scaleReplicaSet(rs, size, d);
        }
    }

    /** The only active ReplicaSet, or the newest when none is active; null when several are. */
    private static ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> old) {
        if (newRS == null && old.isEmpty()) {
            return null;
        }
        List<ReplicaSet> sortedOld = new ArrayList<>(old);
        sortedOld.sort(ReplicaSets.BY_CREATION.reversed());
        List<ReplicaSet> all = new ArrayList<>(sortedOld);
        if (newRS != null) {
            all.add(newRS);
        }
        List<ReplicaSet> active = ReplicaSets.active(all);
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : sortedOld.getFirst();
            case 1 -> active.getFirst();
            default -> null;
        };
    }

    static boolean saturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desiredAnnotation = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
        int desired = DeploymentStatusCalculator.desired(d);
        return desiredAnnotation != null && desiredAnnotation == desired && ReplicaSets.replicas(rs) == desired
                && ReplicaSets.available(rs) == desired;
    }

    /** Sets a ReplicaSet's size and its desired/max annotations; returns the updated object. */
    ReplicaSet scaleReplicaSet(ReplicaSet rs, int newScale, Deployment d) {
        int oldScale = ReplicaSets.replicas(rs);
        ReplicaSet copy = client.getKubernetesSerialization().clone(rs);
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(copy.getMetadata().getAnnotations());
        int desired = DeploymentStatusCalculator.desired(d);
        boolean annotationsChanged = Revisions.setReplicasAnnotations(annotations, desired,
                desired + DeploymentStatusCalculator.maxSurge(d));
        if (oldScale == newScale && !annotationsChanged) {
            return rs;
        }
        copy.getMetadata().setAnnotations(annotations);
        copy.getSpec().setReplicas(newScale);
        ReplicaSet updated = updateReplicaSet(copy);
        if (oldScale != newScale) {
            events.normal(d, "ScalingReplicaSet", "Scaled " + (newScale > oldScale ? "up" : "down") + " replica set "
                    + rs.getMetadata().getName() + " to " + newScale + " from " + oldScale);
        }
        return updated;
    }

    private ReplicaSet updateReplicaSet(ReplicaSet copy) {
        copy.setApiVersion("apps/v1");
        copy.setKind("ReplicaSet");
        return client.resource(copy).update();
    }

    /** Deletes the oldest scaled-down ReplicaSets beyond spec.revisionHistoryLimit. */
    void cleanup(Deployment d, List<ReplicaSet> old) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>(old.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(ReplicaSets.BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                    : rs.getStatus().getObservedGeneration();
            if (ReplicaSets.statusReplicas(rs) != 0 || ReplicaSets.replicas(rs) != 0
                    || DeploymentStatusCalculator.ln(rs.getMetadata().getGeneration()) > observed) {
                continue;
            }
            try {
                client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    // ---- status ----

    private void checkPausedConditions(Deployment d) {
        if (!DeploymentStatusCalculator.hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition c = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        if (c != null && DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
            return;
        }
        boolean pausedCond = c != null && DeploymentConditions.PAUSED.equals(c.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedCond) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.create(DeploymentConditions.PROGRESSING, "Unknown",
                    DeploymentConditions.PAUSED, "Deployment is paused"));
        } else if (!paused && pausedCond) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.create(DeploymentConditions.PROGRESSING, "Unknown",
                    DeploymentConditions.RESUMED, "Deployment is resumed"));
        } else {
            return;
        }
        updateStatus(d);
    }

    /** Status without progress estimation (paused, scaling, being deleted). */
    void syncDeploymentStatus(Sets sets, Deployment d) {
        DeploymentStatus s = DeploymentStatusCalculator.calculate(sets.all(), sets.newRS(), d);
        if (!s.equals(d.getStatus())) {
            d.setStatus(s);
            updateStatus(d);
        }
    }

    /**
     * Upstream's syncRolloutStatus: status plus the Progressing condition (complete, progressing,
     * timed out) and ReplicaFailure copied from a ReplicaSet. Returns when to look again for a
     * rollout that may be stuck, or null.
     */
    Duration syncRolloutStatus(List<ReplicaSet> all, ReplicaSet newRS, Deployment d) {
        DeploymentStatus s = DeploymentStatusCalculator.calculate(all, newRS, d);
        Instant now = Instant.now();
        if (!DeploymentStatusCalculator.hasProgressDeadline(d)) {
            DeploymentConditions.remove(s, DeploymentConditions.PROGRESSING);
        }
        DeploymentCondition current = DeploymentConditions.get(s, DeploymentConditions.PROGRESSING);
        boolean isComplete = DeploymentStatusCalculator.n(s.getReplicas()) == DeploymentStatusCalculator.n(s.getUpdatedReplicas())
                && current != null && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.getReason());
        if (DeploymentStatusCalculator.hasProgressDeadline(d) && !isComplete) {
            String subject = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\""
                    : "Deployment \"" + d.getMetadata().getName() + "\"";
            if (DeploymentStatusCalculator.complete(d, s)) {
                DeploymentConditions.set(s, DeploymentConditions.create(DeploymentConditions.PROGRESSING, "True",
                        DeploymentConditions.NEW_RS_AVAILABLE, subject + " has successfully progressed."));
            } else if (DeploymentStatusCalculator.progressing(d, s)) {
                DeploymentCondition c = DeploymentConditions.create(DeploymentConditions.PROGRESSING, "True",
                        DeploymentConditions.REPLICA_SET_UPDATED, subject + " is progressing.");
                // Progress refreshes lastUpdateTime even with the same reason; the transition time stays.
                if (current != null) {
                    if ("True".equals(current.getStatus())) {
                        c.setLastTransitionTime(current.getLastTransitionTime());
                    }
                    DeploymentConditions.remove(s, DeploymentConditions.PROGRESSING);
                }
                DeploymentConditions.set(s, c);
            } else if (DeploymentStatusCalculator.timedOut(d, s, now)) {
                DeploymentConditions.set(s, DeploymentConditions.create(DeploymentConditions.PROGRESSING, "False",
                        DeploymentConditions.TIMED_OUT, subject + " has timed out progressing."));
            }
        }
        DeploymentCondition failure = replicaFailure(all, newRS);
        if (failure != null) {
            DeploymentConditions.set(s, failure);
        } else {
            DeploymentConditions.remove(s, DeploymentConditions.REPLICA_FAILURE);
        }
        if (s.equals(d.getStatus())) {
            return stuckRequeue(d, s, now);
        }
        d.setStatus(s);
        updateStatus(d);
        return null;
    }

    /** When a rollout without progress should be checked for its deadline (requeueStuckDeployment). */
    private static Duration stuckRequeue(Deployment d, DeploymentStatus s, Instant now) {
        DeploymentCondition c = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        if (!DeploymentStatusCalculator.hasProgressDeadline(d) || c == null) {
            return null;
        }
        if (DeploymentStatusCalculator.complete(d, s) || DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
            return null;
        }
        Duration after = Duration.between(now, Instant.parse(c.getLastUpdateTime())
                .plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        return after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1);
    }

    private static DeploymentCondition replicaFailure(List<ReplicaSet> all, ReplicaSet newRS) {
        List<ReplicaSet> ordered = new ArrayList<>();
        if (newRS != null) {
            ordered.add(newRS);
        }
        ordered.addAll(all.stream().filter(rs -> rs != newRS).toList());
        for (ReplicaSet rs : ordered) {
            if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
                continue;
            }
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if (DeploymentConditions.REPLICA_FAILURE.equals(c.getType())) {
                    return new DeploymentCondition(c.getLastTransitionTime(), c.getLastTransitionTime(), c.getMessage(),
                            c.getReason(), c.getStatus(), c.getType());
                }
            }
        }
        return null;
    }

    /** Writes d's status; on a conflict (the cache was behind a spec or annotation change) once more on the live version. */
    private void updateStatus(Deployment d) {
        Deployment updated;
        try {
            updated = client.resource(d).updateStatus();
        } catch (KubernetesClientException e) {
            Deployment fresh = e.getCode() == 409 ? client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                    .withName(d.getMetadata().getName()).get() : null;
            if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(), d.getMetadata().getUid())) {
                throw e;
            }
            d.getMetadata().setResourceVersion(fresh.getMetadata().getResourceVersion());
            updated = client.resource(d).updateStatus();
        }
        d.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
    }

    static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    EventRecorder events() {
        return events;
    }
}
