package dev.kube4j.apiserver.admission;

/**
 * Settings of the admission plugins, named after kube-apiserver's flags.
 *
 * @param defaultNotReadyTolerationSeconds    {@code --default-not-ready-toleration-seconds}
 * @param defaultUnreachableTolerationSeconds {@code --default-unreachable-toleration-seconds}
 */
public record AdmissionOptions(long defaultNotReadyTolerationSeconds, long defaultUnreachableTolerationSeconds) {

    public static AdmissionOptions defaults() {
        return new AdmissionOptions(300, 300);
    }
}
