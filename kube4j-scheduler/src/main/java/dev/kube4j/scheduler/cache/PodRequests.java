package dev.kube4j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * A pod's effective requests as upstream computes them: the sum over app containers, at least the
 * largest init container (they run one after another), plus the pod overhead. Sidecars
 * (init containers with restartPolicy Always) keep running and so add to both.
 */
public final class PodRequests {

    /** Requests the scoring plugins assume for containers that ask for nothing (upstream's defaults). */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {
    }

    public static Resources of(Pod pod) {
        PodSpec spec = pod.getSpec();
        Resources sum = new Resources();
        for (Container c : spec.getContainers()) {
            sum.add(requestsOf(c));
        }
        Resources sidecars = new Resources();
        Resources initMax = new Resources();
        if (spec.getInitContainers() != null) {
            for (Container c : spec.getInitContainers()) {
                Resources r = requestsOf(c);
                if ("Always".equals(c.getRestartPolicy())) {
                    sidecars.add(r);
                    sum.add(r);
                } else {
                    Resources withSidecars = new Resources();
                    withSidecars.add(r);
                    withSidecars.add(sidecars);
                    initMax.max(withSidecars);
                }
            }
        }
        sum.max(initMax);
        if (spec.getOverhead() != null) {
            sum.add(Resources.of(spec.getOverhead()));
        }
        return sum;
    }

    /** Requests with upstream's non-zero defaults, used for scoring so "request nothing" pods still spread. */
    public static Resources forScoring(Pod pod) {
        Resources r = new Resources();
        for (Container c : pod.getSpec().getContainers()) {
            Resources cr = requestsOf(c);
            r.set(Resources.CPU, r.get(Resources.CPU) + (cr.has(Resources.CPU) ? cr.get(Resources.CPU) : DEFAULT_MILLI_CPU));
            r.set(Resources.MEMORY, r.get(Resources.MEMORY) + (cr.has(Resources.MEMORY) ? cr.get(Resources.MEMORY) : DEFAULT_MEMORY));
        }
        return r;
    }

    /** A container's requests; limits stand in for missing requests, as API defaulting does. */
    private static Resources requestsOf(Container c) {
        if (c.getResources() == null) {
            return new Resources();
        }
        Resources r = Resources.of(c.getResources().getLimits());
        Resources requests = Resources.of(c.getResources().getRequests());
        requests.forEach(r::set);
        return r;
    }
}
