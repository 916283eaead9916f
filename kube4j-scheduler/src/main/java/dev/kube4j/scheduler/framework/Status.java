package dev.kube4j.scheduler.framework;

/**
 * A filter's verdict on one node. {@code UNSCHEDULABLE} may change if pods are removed
 * (preemption can help); {@code UNRESOLVABLE} cannot (e.g. a node selector mismatch).
 * {@code SKIP}, from a PreFilter or PreScore, says the plugin has nothing to check or rank for this
 * pod, so it is not called per node in this cycle (upstream's Skip).
 */
public record Status(Code code, String reason) {

    public enum Code { SUCCESS, UNSCHEDULABLE, UNRESOLVABLE, SKIP }

    public static final Status SUCCESS = new Status(Code.SUCCESS, "");
    public static final Status SKIP = new Status(Code.SKIP, "");

    public static Status unschedulable(String reason) {
        return new Status(Code.UNSCHEDULABLE, reason);
    }

    public static Status unresolvable(String reason) {
        return new Status(Code.UNRESOLVABLE, reason);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }
}
