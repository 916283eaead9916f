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
 * RollingUpdate, pods at or above the partition whose revision is not the update revision are
 * deleted from the highest ordinal down (they come back at the update revision), as many at once as
 * maxUnavailable leaves room for once the unavailable pods of the range are counted (upstream's
 * MaxUnavailableStatefulSet, on by default). With OrderedReady ("monotonic") each creation and
 * scale-down step waits until every earlier pod is Running and Ready; Parallel does not wait.
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

    /** {@code maxUnavailable} is already resolved against replicas (at least 1). */
    record Spec(int start, int replicas, boolean parallel, boolean rollingUpdate, int partition, int maxUnavailable,
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
        int unavailable = 0;
        for (int i = 0; i < spec.replicas(); i++) {
            StatefulPod p = byOrdinal.get(spec.start() + i);
            if (p == null || unavailable(p)) {
                unavailable++; // a missing pod is being created: it is not available either
            }
        }
        int room = spec.maxUnavailable() - unavailable;
        for (int i = spec.replicas() - 1; i >= spec.partition() && room > 0; i--) {
            StatefulPod p = byOrdinal.get(spec.start() + i);
            if (p != null && !spec.updateRevision().equals(p.revision()) && !p.terminating() && !p.finished()) {
                actions.add(new Delete(p.name(), "update"));
                room--;
            }
        }
        return actions;
    }

    private static boolean unavailable(StatefulPod p) {
        return p.terminating() || !p.healthy();
    }
}
