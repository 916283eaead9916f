package dev.kube4j.scheduler.framework;

import dev.kube4j.scheduler.cache.NodeInfo;

import java.util.List;

/** Ranks the nodes that passed the filters (upstream's Score + NormalizeScore). */
public interface ScorePlugin {

    long MAX_NODE_SCORE = 100;

    String name();

    /** The plugin's weight in the sum (upstream's default profile weights). */
    int weight();

    /**
     * Once per cycle before nodes are scored (upstream's PreScore): {@link Status#SKIP} when every
     * node would get the same score, so leaving the plugin out changes no ranking.
     */
    default Status preScore(CycleState state) {
        return Status.SUCCESS;
    }

    long score(CycleState state, NodeInfo node);

    /** Maps raw scores onto 0..{@link #MAX_NODE_SCORE}; by default they already are. */
    default void normalize(CycleState state, List<NodeInfo> nodes, long[] scores) {
    }

    /** Scales scores linearly so the highest becomes {@link #MAX_NODE_SCORE} (optionally reversed). */
    static void scaleToMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            long s = max == 0 ? 0 : scores[i] * MAX_NODE_SCORE / max;
            scores[i] = reverse ? MAX_NODE_SCORE - s : s;
        }
        if (max == 0 && reverse) {
            java.util.Arrays.fill(scores, MAX_NODE_SCORE);
        }
    }

    /** Min-max scaling onto 0..{@link #MAX_NODE_SCORE}, for scores that may be negative. */
    static void scaleMinMax(long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == min ? 0 : (scores[i] - min) * MAX_NODE_SCORE / (max - min);
        }
    }
}
