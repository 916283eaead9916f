package dev.kube4j.controllers.replicaset;

import dev.kube4j.controllers.runtime.Selectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * What the replica controller needs to know about its kind, so one implementation serves both
 * ReplicaSets and ReplicationControllers, as upstream's RC controller wraps the RS one.
 */
public interface ReplicaSetKind<T extends HasMetadata> {

    String controllerName();

    Class<T> type();

    String apiVersion();

    String kind();

    /** Null when the object selects nothing. */
    LabelSelector selector(T obj);

    int replicas(T obj);

    PodTemplateSpec template(T obj);

    int minReadySeconds(T obj);

    ReplicaStatus status(T obj);

    /** A copy of {@code obj} carrying {@code status}, for a status update. */
    T withStatus(T obj, ReplicaStatus status);

    ReplicaSetKind<ReplicaSet> REPLICA_SETS = new ReplicaSetKind<>() {
        @Override public String controllerName() { return "replicaset"; }
        @Override public Class<ReplicaSet> type() { return ReplicaSet.class; }
        @Override public String apiVersion() { return "apps/v1"; }
        @Override public String kind() { return "ReplicaSet"; }
        @Override public LabelSelector selector(ReplicaSet rs) { return rs.getSpec().getSelector(); }
        @Override public int replicas(ReplicaSet rs) { return intOr(rs.getSpec().getReplicas(), 1); }
        @Override public PodTemplateSpec template(ReplicaSet rs) { return rs.getSpec().getTemplate(); }
        @Override public int minReadySeconds(ReplicaSet rs) { return intOr(rs.getSpec().getMinReadySeconds(), 0); }

        @Override
        public ReplicaStatus status(ReplicaSet rs) {
            ReplicaSetStatus s = rs.getStatus();
            if (s == null) {
                return statusOf(null, null, null, null, null, null);
            }
            ReplicaStatus.Failure failure = null;
            for (ReplicaSetCondition c : s.getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                    failure = new ReplicaStatus.Failure(c.getReason(), c.getMessage(), c.getLastTransitionTime());
                }
            }
            return statusOf(s.getReplicas(), s.getFullyLabeledReplicas(), s.getReadyReplicas(), s.getAvailableReplicas(),
                    s.getObservedGeneration(), failure);
        }

        @Override
        public ReplicaSet withStatus(ReplicaSet rs, ReplicaStatus st) {
            List<ReplicaSetCondition> conditions = new ArrayList<>();
            if (st.failure() != null) {
                conditions.add(new ReplicaSetCondition(st.failure().lastTransitionTime(), st.failure().message(),
                        st.failure().reason(), "True", "ReplicaFailure"));
            }
            ReplicaSetStatus s = new ReplicaSetStatus(st.availableReplicas(), conditions, st.fullyLabeledReplicas(),
                    st.observedGeneration(), st.readyReplicas(), st.replicas(), null);
            ReplicaSet copy = new ReplicaSet(rs.getApiVersion(), rs.getKind(), rs.getMetadata(), rs.getSpec(), s);
            copy.setApiVersion(apiVersion());
            copy.setKind(kind());
            return copy;
        }
    };

    ReplicaSetKind<ReplicationController> REPLICATION_CONTROLLERS = new ReplicaSetKind<>() {
        @Override public String controllerName() { return "replicationcontroller"; }
        @Override public Class<ReplicationController> type() { return ReplicationController.class; }
        @Override public String apiVersion() { return "v1"; }
        @Override public String kind() { return "ReplicationController"; }
        @Override public LabelSelector selector(ReplicationController rc) { return Selectors.ofMap(rc.getSpec().getSelector()); }
        @Override public int replicas(ReplicationController rc) { return intOr(rc.getSpec().getReplicas(), 1); }
        @Override public PodTemplateSpec template(ReplicationController rc) { return rc.getSpec().getTemplate(); }
        @Override public int minReadySeconds(ReplicationController rc) { return intOr(rc.getSpec().getMinReadySeconds(), 0); }

        @Override
        public ReplicaStatus status(ReplicationController rc) {
            ReplicationControllerStatus s = rc.getStatus();
            if (s == null) {
                return statusOf(null, null, null, null, null, null);
            }
            ReplicaStatus.Failure failure = null;
            for (ReplicationControllerCondition c : s.getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                    failure = new ReplicaStatus.Failure(c.getReason(), c.getMessage(), c.getLastTransitionTime());
                }
            }
            return statusOf(s.getReplicas(), s.getFullyLabeledReplicas(), s.getReadyReplicas(), s.getAvailableReplicas(),
                    s.getObservedGeneration(), failure);
        }

        @Override
        public ReplicationController withStatus(ReplicationController rc, ReplicaStatus st) {
            List<ReplicationControllerCondition> conditions = new ArrayList<>();
            if (st.failure() != null) {
                conditions.add(new ReplicationControllerCondition(st.failure().lastTransitionTime(), st.failure().message(),
                        st.failure().reason(), "True", "ReplicaFailure"));
            }
            ReplicationControllerStatus s = new ReplicationControllerStatus(st.availableReplicas(), conditions,
                    st.fullyLabeledReplicas(), st.observedGeneration(), st.readyReplicas(), st.replicas());
            ReplicationController copy = new ReplicationController(apiVersion(), kind(), rc.getMetadata(), rc.getSpec(), s);
            return copy;
        }
    };

    /** Absent counts are 0, as Go's zero values. */
    static ReplicaStatus statusOf(Integer replicas, Integer fullyLabeled, Integer ready, Integer available, Long observed,
                                  ReplicaStatus.Failure failure) {
        return new ReplicaStatus(intOr(replicas, 0), intOr(fullyLabeled, 0), intOr(ready, 0), intOr(available, 0),
                observed == null ? 0 : observed, failure);
    }

    static int intOr(Integer v, int dflt) {
        return v == null ? dflt : v;
    }
}
