package dev.kube4j.controllers.job;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code status.completedIndexes}: a sorted set of indexes written as ranges, "1,3-5,7". */
final class CompletedIndexes {

    private CompletedIndexes() {
    }

    static TreeSet<Integer> parse(String s) {
        TreeSet<Integer> out = new TreeSet<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            try {
                if (dash < 0) {
                    out.add(Integer.parseInt(part.trim()));
                } else {
                    int from = Integer.parseInt(part.substring(0, dash).trim());
                    int to = Integer.parseInt(part.substring(dash + 1).trim());
                    for (int i = from; i <= to; i++) {
                        out.add(i);
                    }
                }
            } catch (NumberFormatException e) {
                // upstream skips what it cannot parse
            }
        }
        return out;
    }

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
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
