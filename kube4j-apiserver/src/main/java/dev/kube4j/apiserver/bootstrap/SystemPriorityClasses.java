package dev.kube4j.apiserver.bootstrap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.scheduling.PriorityClassStrategy;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.GenericRegistry;

/**
 * Creates system-node-critical and system-cluster-critical, as upstream's
 * scheduling/bootstrap-system-priority-classes start-up hook does.
 */
public final class SystemPriorityClasses {

    private SystemPriorityClasses() {
    }

    public static void ensure(GenericRegistry registry, ApiResource priorityClasses) {
        for (PriorityClassStrategy.SystemClass c : PriorityClassStrategy.SYSTEM_CLASSES) {
            ObjectNode pc = JsonNodeFactory.instance.objectNode();
            pc.put("apiVersion", "scheduling.k8s.io/v1");
            pc.put("kind", "PriorityClass");
            pc.putObject("metadata").put("name", c.name());
            pc.put("value", c.value());
            pc.put("description", c.description());
            BootstrapObjects.createIfAbsent(registry, priorityClasses, pc);
        }
    }
}
