package dev.kube4j.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apiserver.registry.ApiResource;

import java.util.List;
import java.util.Optional;

/**
 * What admission plugins read of the cluster (upstream's plugins use informer listers with a
 * live lookup behind them): objects of a resource, and whether the server serves it at all.
 */
public interface AdmissionLookup {

    /** The served resource {@code group/plural} (any version), if this server has it. */
    Optional<ApiResource> resource(String group, String plural);

    /** The objects of a resource in a namespace ("" for cluster-scoped), possibly slightly stale. */
    List<ObjectNode> list(String group, String plural, String namespace);

    /** One object read from the store itself, never stale. */
    Optional<ObjectNode> getLive(String group, String plural, String namespace, String name);
}
