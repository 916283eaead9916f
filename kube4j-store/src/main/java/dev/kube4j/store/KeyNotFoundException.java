package dev.kube4j.store;

/** Thrown when key not found. */
public class KeyNotFoundException extends StoreException {
    public KeyNotFoundException(String message) {
        super(message);
    }
}
