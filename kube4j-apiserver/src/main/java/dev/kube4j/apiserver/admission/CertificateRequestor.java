package dev.kube4j.apiserver.admission;

import dev.kube4j.api.certificates.CertificateSigningRequestStrategy;

/**
 * Records who asked for a certificate: a new CertificateSigningRequest's spec.username and
 * spec.groups are the creating user's, whatever the client sent (upstream's PrepareForCreate).
 */
public final class CertificateRequestor implements AdmissionPlugin {

    @Override
    public void admit(AdmissionRequest request) {
        if (request.operation() == AdmissionRequest.Operation.CREATE
                && request.resource().group().equals("certificates.k8s.io")
                && request.resource().plural().equals("certificatesigningrequests")) {
            CertificateSigningRequestStrategy.setRequestor(request.object(), request.user().name(), request.user().groups());
        }
    }
}
