package dev.kube4j.scheduler;

/**
 * @param schedulerName         pods whose spec.schedulerName is this are ours ("default-scheduler")
 * @param percentageOfNodesToScore 0 = upstream's adaptive default (50 % minus 1 % per 125 nodes, at least 5 %)
 * @param bindWorkers           concurrent binding requests (virtual threads); too few make binding round trips,
 *                              not the scheduling cycle, the limit (32 capped a loaded cluster at ~210 pods/s)
 */
public record SchedulerOptions(String schedulerName, int percentageOfNodesToScore, int bindWorkers) {

    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    public static SchedulerOptions defaults() {
        return new SchedulerOptions(DEFAULT_SCHEDULER, 0, 256);
    }

    public SchedulerOptions withSchedulerName(String name) {
        return new SchedulerOptions(name, percentageOfNodesToScore, bindWorkers);
    }

    /** How many feasible nodes to look for among {@code all} before scoring (upstream's numFeasibleNodesToFind). */
    int feasibleNodesToFind(int all) {
        if (all < 100) {
            return all;
        }
        int pct = percentageOfNodesToScore;
        if (pct <= 0) {
            pct = Math.max(5, 50 - all / 125);
        }
        return Math.max(100, all * pct / 100);
    }
}
