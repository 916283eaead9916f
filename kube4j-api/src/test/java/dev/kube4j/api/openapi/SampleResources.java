package dev.kube4j.api.openapi;

import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;

import java.util.List;
import java.util.Set;

/** A small catalog of served resources, standing in for the server's full one. */
final class SampleResources {

    private SampleResources() {
    }

    static ResourceDefinition rd(String group, String kind, String plural, boolean namespaced, List<String> shortNames,
                                 String... subresources) {
        return new ResourceDefinition(new GroupVersionKind(group, "v1", kind), plural, kind.toLowerCase(),
                namespaced, shortNames, List.of("all"), ResourceDefinition.ALL_VERBS, Set.of(subresources),
                group.isEmpty() ? plural : plural + "." + group);
    }

    static List<ResourceDefinition> all() {
        return List.of(
                rd("", "Pod", "pods", true, List.of("po"), "status", "log", "exec", "attach", "portforward",
                        "binding", "eviction", "ephemeralcontainers", "proxy"),
                rd("", "Service", "services", true, List.of("svc"), "status", "proxy"),
                rd("", "ConfigMap", "configmaps", true, List.of("cm")),
                rd("", "Secret", "secrets", true, List.of()),
                rd("", "Namespace", "namespaces", false, List.of("ns"), "status", "finalize"),
                rd("", "ServiceAccount", "serviceaccounts", true, List.of("sa"), "token"),
                rd("", "ReplicationController", "replicationcontrollers", true, List.of("rc"), "status", "scale"),
                rd("apps", "Deployment", "deployments", true, List.of("deploy"), "status", "scale"),
                rd("apps", "ReplicaSet", "replicasets", true, List.of("rs"), "status", "scale"),
                rd("apps", "StatefulSet", "statefulsets", true, List.of("sts"), "status", "scale"),
                rd("apps", "DaemonSet", "daemonsets", true, List.of("ds"), "status"));
    }
}
