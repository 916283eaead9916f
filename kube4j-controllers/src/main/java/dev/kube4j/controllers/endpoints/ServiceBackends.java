package dev.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pods behind a service as upstream's endpoints controllers see them: pods of the service's
 * namespace matching its selector, with an IP, not finished; ready from the pod's Ready condition
 * (or always, with publishNotReadyAddresses); each service port's targetPort resolved against the
 * pod's container ports (a named targetPort a pod does not define leaves that port out for it).
 */
final class ServiceBackends {

    /** One pod as a backend: its address, readiness, and the resolved port of each service port (null when unresolved). */
    record Backend(Pod pod, String ip, boolean ready, boolean terminating, List<ResolvedPort> ports) {
    }

    record ResolvedPort(String name, int port, String protocol, String appProtocol) {
    }

    private ServiceBackends() {
    }

    static boolean selects(Service svc, Pod pod) {
        Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static List<Backend> of(Service svc, Collection<Pod> podsInNamespace) {
        boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
        List<Backend> out = new ArrayList<>();
        for (Pod pod : podsInNamespace) {
            if (!selects(svc, pod)) {
                continue;
            }
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (ip == null || ip.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
            boolean ready = publishNotReady || (!terminating && podReady(pod));
            List<ResolvedPort> ports = new ArrayList<>();
            for (ServicePort sp : svc.getSpec().getPorts()) {
                Integer target = resolve(sp, pod);
                ports.add(target == null ? null : new ResolvedPort(sp.getName(), target,
                        Objects.requireNonNullElse(sp.getProtocol(), "TCP"), sp.getAppProtocol()));
            }
            out.add(new Backend(pod, ip, ready, terminating, ports));
        }
        out.sort(Comparator.comparing(Backend::ip));
        return out;
    }

    static boolean podReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** targetPort: a number as is (default: the port), a name looked up among the pod's container ports. */
    static Integer resolve(ServicePort sp, Pod pod) {
        IntOrString t = sp.getTargetPort();
        if (t == null || (t.getIntVal() == null && (t.getStrVal() == null || t.getStrVal().isEmpty()))) {
            return sp.getPort();
        }
        if (t.getIntVal() != null) {
            return t.getIntVal() == 0 ? sp.getPort() : t.getIntVal();
        }
        String protocol = Objects.requireNonNullElse(sp.getProtocol(), "TCP");
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort cp : c.getPorts()) {
                if (t.getStrVal().equals(cp.getName()) && protocol.equals(Objects.requireNonNullElse(cp.getProtocol(), "TCP"))) {
                    return cp.getContainerPort();
                }
            }
        }
        return null;
    }
}
