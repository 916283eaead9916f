package dev.kube4j.controllers.job;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sets of completion indexes written as upstream's ordered intervals ("1,3-5,7"): used by
 * {@code status.completedIndexes}, {@code status.failedIndexes} and success policy rules.
 */
final class IndexIntervals {

    private IndexIntervals() {
    }

    /** The indexes below {@code completions}; as upstream, a malformed part is skipped and the bound keeps huge ranges cheap. */
    static TreeSet<Integer> parse(String s, int completions) {
        TreeSet<Integer> out = new TreeSet<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            int dash = part.indexOf('-', 1);
            try {
                int from = Integer.parseInt((dash < 0 ? part : part.substring(0, dash)).trim());
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                for (int i = Math.max(from, 0); i <= Math.min(to, completions - 1); i++) {
                    out.add(i);
                }
            } catch (NumberFormatException e) {
                // upstream skips what it cannot parse
            }
        }
        return out;
    }

    /** Upstream's form: a run of three or more is "a-b", a pair stays "a,b". */
    static String format(TreeSet<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int i : indexes) {
            if (start == null) {
                start = i;
            } else if (i != prev + 1) {
                parts.add(range(start, prev));
                start = i;
            }
            prev = i;
        }
        if (start != null) {
            parts.add(range(start, prev));
        }
        return String.join(",", parts);
    }

    private static String range(int from, int to) {
        if (from == to) {
            return Integer.toString(from);
        }
        return from + (to == from + 1 ? "," : "-") + to;
    }
}
