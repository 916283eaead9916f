package dev.kube4j.store;

/** Thrown when the requested revision is newer than the current revision. */
public class FutureRevisionException extends StoreException {
    public FutureRevisionException(String message) {
        super(message);
    }
}
