package dev.kube4j.controllers;

import dev.kube4j.controllers.nodelifecycle.NodeLifecycleOptions;

/** Settings of the default controllers, from kube-controller-manager's flags. */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle) {

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }
}
