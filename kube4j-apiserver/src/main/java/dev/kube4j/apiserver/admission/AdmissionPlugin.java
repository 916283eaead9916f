package dev.kube4j.apiserver.admission;

/**
 * An admission controller. As upstream, a write passes every plugin's mutating phase
 * ({@link #admit}, before the kind's validation) and then every validating phase
 * ({@link #validate}, after it, just before storage).
 */
public interface AdmissionPlugin {

    /** Mutating phase: may change the request's object, or refuse with an ApiException. */
    void admit(AdmissionRequest request);

    /** Validating phase: may only refuse (or, as ResourceQuota, record a charge). */
    default void validate(AdmissionRequest request) {
    }
}
