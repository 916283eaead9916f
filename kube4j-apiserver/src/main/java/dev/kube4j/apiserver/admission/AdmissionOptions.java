package dev.kube4j.apiserver.admission;

import java.util.Set;

/**
 * Settings of the admission plugins, named after kube-apiserver's flags.
 *
 * @param defaultNotReadyTolerationSeconds    {@code --default-not-ready-toleration-seconds}
 * @param defaultUnreachableTolerationSeconds {@code --default-unreachable-toleration-seconds}
 * @param disabledPlugins                     {@code --disable-admission-plugins}: plugin names as upstream's
 *                                            ({@code ServiceAccount}, {@code ResourceQuota}, …)
 */
public record AdmissionOptions(long defaultNotReadyTolerationSeconds, long defaultUnreachableTolerationSeconds,
                               Set<String> disabledPlugins) {

    /** The plugins kube4j runs, in upstream's order. */
    public static final java.util.List<String> PLUGINS = java.util.List.of("NamespaceLifecycle", "LimitRanger",
            "ServiceAccount", "Priority", "DefaultTolerationSeconds", "DefaultStorageClass", "ResourceQuota");

    public AdmissionOptions {
        disabledPlugins = Set.copyOf(disabledPlugins);
        for (String p : disabledPlugins) {
            if (!PLUGINS.contains(p)) {
                throw new IllegalArgumentException("unknown admission plugin \"" + p + "\" (known: " + String.join(", ", PLUGINS) + ")");
            }
        }
    }

    public AdmissionOptions(long defaultNotReadyTolerationSeconds, long defaultUnreachableTolerationSeconds) {
        this(defaultNotReadyTolerationSeconds, defaultUnreachableTolerationSeconds, Set.of());
    }

    public static AdmissionOptions defaults() {
        return new AdmissionOptions(300, 300);
    }

    public AdmissionOptions withDisabled(String... plugins) {
        return new AdmissionOptions(defaultNotReadyTolerationSeconds, defaultUnreachableTolerationSeconds, Set.of(plugins));
    }

    public boolean enabled(String plugin) {
        return !disabledPlugins.contains(plugin);
    }
}
