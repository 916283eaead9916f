package dev.kube4j.apiserver.admission;

/** An admission controller, run after authorization and before validation and storage. */
public interface AdmissionPlugin {
    void admit(AdmissionRequest request);
}
