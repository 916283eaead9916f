package dev.kube4j.api.apiextensions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's kube-aware version order (CompareKubeAwareVersionStrings): GA before beta before
 * alpha, higher numbers first, and versions not shaped like {@code v1beta2} last, alphabetically.
 */
final class VersionPriority {

    private static final Pattern KUBE = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    private VersionPriority() {
    }

    /** Negative when {@code a} is preferred over {@code b}. */
    static int compare(String a, String b) {
        Matcher ma = KUBE.matcher(a);
        Matcher mb = KUBE.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka ? -1 : kb ? 1 : a.compareTo(b);
        }
        int stability = Integer.compare(rank(mb.group(2)), rank(ma.group(2)));
        if (stability != 0) {
            return stability;
        }
        int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
    }

    private static int rank(String stability) {
        return stability == null ? 2 : stability.equals("beta") ? 1 : 0;
    }
}
