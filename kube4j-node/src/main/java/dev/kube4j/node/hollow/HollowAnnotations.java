package dev.kube4j.node.hollow;

import dev.kube4j.controllers.core.GoDuration;

import java.time.Duration;
import java.util.Map;

/** The annotations through which tests steer hollow nodes and their pods. */
public final class HollowAnnotations {

    private HollowAnnotations() {
    }

    /** On a pod: every container exits after this Go duration ("2s", "1m30s"). */
    public static final String EXIT_AFTER = "hollow.kube4j.dev/exit-after";
    /** On a pod: the exit code of its containers (default 0). */
    public static final String EXIT_CODE = "hollow.kube4j.dev/exit-code";
    /** On a node: while "true" the node renews no lease and reports nothing, as if it had lost power. */
    public static final String STOPPED = "hollow.kube4j.dev/stopped";

    /** The pod's exit-after duration, or null when it has none or it does not parse. */
    public static Duration exitAfter(Map<String, String> annotations) {
        String v = annotations == null ? null : annotations.get(EXIT_AFTER);
        return v == null ? null : parseGoDuration(v);
    }

    /** The pod's exit code (0 when absent or not a number). */
    public static int exitCode(Map<String, String> annotations) {
        String v = annotations == null ? null : annotations.get(EXIT_CODE);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static boolean stopped(Map<String, String> annotations) {
        return annotations != null && "true".equals(annotations.get(STOPPED));
    }

    /** Parses a Go duration string such as "300ms", "2s", "1h2m3.5s"; null when it is not one. */
    public static Duration parseGoDuration(String text) {
        return GoDuration.parse(text);
    }
}
