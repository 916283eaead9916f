package dev.kube4j.controllers.statefulset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure decision of one StatefulSet sync, following upstream's updateStatefulSet: first every
 * ordinal in [start, start+replicas) gets a pod (failed and succeeded pods are deleted to be
 * created again); then pods beyond the range are deleted, highest ordinal first; then, for
 * RollingUpdate, the highest ordinal at or above the partition whose revision is not the update
 * revision is deleted (it comes back at the update revision). With OrderedReady ("monotonic") each
 * step waits until every earlier pod is Running and Ready, one change at a time; Parallel creates
 * and deletes without waiting, but still updates one pod at a time.
 */
final class StatefulSetPlan {

    private StatefulSetPlan() {
    }

    sealed interface Action {
    }

    /** Create the pod of this ordinal at the current ({@code updateRevision} false) or the update revision. */
    record Create(int ordinal, boolean updateRevision) implements Action {
    }

    record Delete(String name, String why) implements Action {
    }

    record Spec(int start, int replicas, boolean parallel, boolean rollingUpdate, int partition,
                String currentRevision, String updateRevision) {
    }

    static List<Action> plan(Spec spec, List<StatefulPod> pods) {
        boolean monotonic = !spec.parallel();
        Map<Integer, StatefulPod> byOrdinal = new HashMap<>();
        List<StatefulPod> condemned = new ArrayList<>();
        for (StatefulPod p : pods) {
            if (p.ordinal() < 0) {
                continue;
            }
            if (p.ordinal() >= spec.start() && p.ordinal() < spec.start() + spec.replicas()) {
                byOrdinal.put(p.ordinal(), p);
            } else {
                condemned.add(p);
            }
        }
        condemned.sort(Comparator.comparingInt(StatefulPod::ordinal).reversed());
        StatefulPod firstUnhealthy = null;
        for (int i = 0; i < spec.replicas() && firstUnhealthy == null; i++) {
            StatefulPod p = byOrdinal.get(spec.start() + i);
            if (p != null && unavailable(p)) {
                firstUnhealthy = p;
            }
        }
        for (int i = condemned.size() - 1; i >= 0 && firstUnhealthy == null; i--) {
            if (unavailable(condemned.get(i))) {
                firstUnhealthy = condemned.get(i);
            }
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < spec.replicas(); i++) {
            int ordinal = spec.start() + i;
            StatefulPod p = byOrdinal.get(ordinal);
            if (p != null && p.finished()) {
                if (!p.terminating()) {
                    actions.add(new Delete(p.name(), "recreate"));
                }
                if (monotonic) {
                    return actions;
                }
                continue;
            }
            if (p == null) {
                boolean update = !spec.rollingUpdate() || i >= spec.partition();
                actions.add(new Create(ordinal, update));
                if (monotonic) {
                    return actions;
                }
                continue;
            }
            if (monotonic && (p.terminating() || !p.created() || !p.healthy())) {
                return actions;
            }
        }
        for (StatefulPod p : condemned) {
            if (p.terminating()) {
                if (monotonic) {
                    return actions;
                }
                continue;
            }
            if (monotonic && !p.healthy() && p != firstUnhealthy) {
                return actions;
            }
            actions.add(new Delete(p.name(), "scale down"));
            if (monotonic) {
                return actions;
            }
        }
        if (!spec.rollingUpdate() || !actions.isEmpty() && monotonic) {
            return actions;
        }
        for (int i = spec.replicas() - 1; i >= spec.partition(); i--) {
            StatefulPod p = byOrdinal.get(spec.start() + i);
            if (p == null) {
                return actions; // being created
            }
            if (!spec.updateRevision().equals(p.revision()) && !p.terminating()) {
                actions.add(new Delete(p.name(), "update"));
                return actions;
            }
            if (unavailable(p)) {
                return actions;
            }
        }
        return actions;
    }

    private static boolean unavailable(StatefulPod p) {
        return p.terminating() || !p.healthy();
    }
}
