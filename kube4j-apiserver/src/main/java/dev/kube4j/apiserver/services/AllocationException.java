package dev.kube4j.apiserver.services;

/** Why a value could not be allocated; the message is upstream's allocator error text. */
public final class AllocationException extends RuntimeException {

    public enum Reason { FULL, ALLOCATED, NOT_IN_RANGE }

    private final Reason reason;

    AllocationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
