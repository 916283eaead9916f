package dev.kube4j.controllers.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pure decision of one DaemonSet sync (upstream's manage + rollingUpdate): a pod on every
 * node that should run one, none elsewhere, failed pods replaced, duplicates removed (the oldest
 * stays); then, for RollingUpdate, old pods replaced within maxUnavailable (delete first) or
 * maxSurge (new pod first, the old one deleted when the new one is available).
 */
final class DaemonPlan {

    private DaemonPlan() {
    }

    /** One pod of the set; {@code created} orders pods by age (oldest first). */
    record DaemonPod(String name, String created, boolean updated, boolean terminating, boolean failed,
                     boolean ready, boolean available) {
    }

    record NodeState(String name, DaemonPods.Eligibility eligibility, List<DaemonPod> pods) {
    }

    record Result(List<String> createOn, List<String> delete) {
    }

    record Status(int desired, int current, int ready, int available, int updated, int misscheduled) {
    }

    static Result plan(List<NodeState> nodes, List<DaemonPod> podsOnMissingNodes, boolean rolling, int maxSurge,
                       int maxUnavailable) {
        Set<String> create = new LinkedHashSet<>();
        Set<String> delete = new LinkedHashSet<>();
        boolean surging = rolling && maxSurge > 0;
        for (DaemonPod p : podsOnMissingNodes) {
            if (!p.terminating()) {
                delete.add(p.name());
            }
        }
        for (NodeState n : nodes) {
            if (n.eligibility().shouldRun() && n.pods().isEmpty()) {
                create.add(n.name());
            } else if (n.eligibility().shouldContinueRunning()) {
                List<DaemonPod> running = new ArrayList<>();
                for (DaemonPod p : n.pods()) {
                    if (p.terminating()) {
                        continue;
                    }
                    if (p.failed()) {
                        delete.add(p.name());
                    } else {
                        running.add(p);
                    }
                }
                running.sort(Comparator.comparing(DaemonPod::created));
                if (running.size() > 1) {
                    if (!surging) {
                        running.subList(1, running.size()).forEach(p -> delete.add(p.name()));
                    } else {
                        // While surging, a node may hold the oldest old pod and the oldest new one.
                        DaemonPod oldest = running.stream().filter(p -> !p.updated()).findFirst().orElse(null);
                        DaemonPod newest = running.stream().filter(DaemonPod::updated).findFirst().orElse(null);
                        running.stream().filter(p -> p != oldest && p != newest).forEach(p -> delete.add(p.name()));
                    }
                }
            } else {
                n.pods().stream().filter(p -> !p.terminating()).forEach(p -> delete.add(p.name()));
            }
        }
        if (rolling) {
            rollingUpdate(nodes, maxSurge, maxUnavailable, create, delete);
        }
        return new Result(List.copyOf(create), List.copyOf(delete));
    }

    private static void rollingUpdate(List<NodeState> nodes, int maxSurge, int maxUnavailable, Set<String> create, Set<String> delete) {
        List<String> allowed = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        int numUnavailable = 0;
        int numSurge = 0;
        for (NodeState n : nodes) {
            if (!n.eligibility().shouldRun()) {
                continue;
            }
            List<DaemonPod> live = n.pods().stream().filter(p -> !p.terminating() && !p.failed()).toList();
            List<DaemonPod> olds = live.stream().filter(p -> !p.updated()).toList();
            List<DaemonPod> news = live.stream().filter(DaemonPod::updated).toList();
            if (olds.size() > 1 || news.size() > 1) {
                continue; // duplicates: the manage step cleans up first
            }
            DaemonPod old = olds.isEmpty() ? null : olds.getFirst();
            DaemonPod neu = news.isEmpty() ? null : news.getFirst();
            if (maxSurge > 0) {
                if (old == null) {
                    continue;
                }
                if (neu == null) {
                    if (!old.available()) {
                        allowed.add(n.name());
                    } else if (numSurge < maxSurge) {
                        numSurge++;
                        candidates.add(n.name());
                    }
                } else if (!neu.available()) {
                    numSurge++;
                } else {
                    delete.add(old.name());
                }
            } else {
                if (neu != null) {
                    numUnavailable += neu.available() ? 0 : 1;
                } else if (old == null) {
                    numUnavailable++;
                } else if (!old.available()) {
                    allowed.add(old.name());
                    numUnavailable++;
                } else {
                    candidates.add(old.name());
                }
            }
        }
        if (maxSurge > 0) {
            create.addAll(allowed);
            create.addAll(candidates);
            return;
        }
        int remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.size());
        delete.addAll(allowed);
        delete.addAll(candidates.subList(0, remaining));
    }

    /** Upstream's updateDaemonSetStatus counts; for each node the oldest pod speaks. */
    static Status status(List<NodeState> nodes) {
        int desired = 0, current = 0, ready = 0, available = 0, updated = 0, misscheduled = 0;
        for (NodeState n : nodes) {
            boolean scheduled = !n.pods().isEmpty();
            if (n.eligibility().shouldRun()) {
                desired++;
                if (!scheduled) {
                    continue;
                }
                current++;
                DaemonPod p = n.pods().stream().min(Comparator.comparing(DaemonPod::created)).orElseThrow();
                if (p.ready()) {
                    ready++;
                    available += p.available() ? 1 : 0;
                }
                updated += p.updated() ? 1 : 0;
            } else if (scheduled) {
                misscheduled++;
            }
        }
        return new Status(desired, current, ready, available, updated, misscheduled);
    }

    /** An int-or-percent against the desired count, percentages rounded up (as upstream resolves maxUnavailable/maxSurge). */
    static int resolve(Object value, int total, int fallback) {
        if (value == null) {
            return fallback;
        }
        String s = value.toString();
        if (s.endsWith("%")) {
            return (int) Math.ceil(Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0);
        }
        return Integer.parseInt(s);
    }

}
