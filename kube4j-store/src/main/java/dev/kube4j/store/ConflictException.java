package dev.kube4j.store;

/** Thrown when the key was modified by another write. */
public class ConflictException extends StoreException {
    public ConflictException(String message) {
        super(message);
    }
}
