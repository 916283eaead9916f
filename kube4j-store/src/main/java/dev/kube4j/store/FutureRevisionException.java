package dev.kube4j.store;

/**
 * Thrown when the requested revision is newer than the current revision. Carries the current
 * revision so that a caller can decide to wait for it ("too large resource version").
 */
public class FutureRevisionException extends StoreException {

    private final long currentRevision;

    public FutureRevisionException(String message) {
        this(message, 0);
    }

    public FutureRevisionException(String message, long currentRevision) {
        super(message);
        this.currentRevision = currentRevision;
    }

    /** The store's current revision when this was thrown (0 if unknown). */
    public long currentRevision() {
        return currentRevision;
    }
}
