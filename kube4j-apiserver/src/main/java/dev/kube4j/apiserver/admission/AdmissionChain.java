package dev.kube4j.apiserver.admission;

import java.util.List;

/** Runs admission plugins in order; the first refusal wins. */
public final class AdmissionChain {

    private final List<AdmissionPlugin> plugins;

    public AdmissionChain(List<AdmissionPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** The mutating phase of every plugin, in order. */
    public void admit(AdmissionRequest request) {
        for (AdmissionPlugin p : plugins) {
            p.admit(request);
        }
    }

    /** The validating phase of every plugin, in order, once the object passed its kind's validation. */
    public void validate(AdmissionRequest request) {
        for (AdmissionPlugin p : plugins) {
            p.validate(request);
        }
    }
}
